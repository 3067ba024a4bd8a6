"""Keyset paging for every list: opaque cursors, "the rows after this one", capped counts.

A cursor is the sort key of the last row of a page (its values, then its id), JSON in URL-safe
base64: the next page starts strictly after that row whatever was inserted or removed since,
and page 700 costs what page 1 costs (no OFFSET skips the rows before it). Clients treat it as
opaque: they pass back the `next_cursor` of the previous answer. Counting stops at
`EXACT_COUNT_LIMIT`: beyond it a list answers `total` = the limit and `total_exact` = false
("more than 10,000").
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    false,
    func,
    or_,
    select,
    true,
    tuple_,
    union_all,
)
from sqlmodel import Session

from resettlement.errors import InvalidInput

T = TypeVar("T")

EXACT_COUNT_LIMIT = 10_000
MAX_CURSOR_CHARS = 1_000


@dataclass(frozen=True)
class SortKey:
    """One column of a list's order; `nullable` keys put NULLs last in either direction."""

    column: Any
    descending: bool = False
    nullable: bool = False


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    return value


def _typed(value: object) -> object:
    if isinstance(value, dict) and len(value) == 1:
        ((tag, text),) = value.items()
        if tag == "t" and isinstance(text, str):
            return datetime.fromisoformat(text)
        if tag == "d" and isinstance(text, str):
            return date.fromisoformat(text)
        raise ValueError(f"unknown tag {tag!r}")
    if value is None or isinstance(value, str | int | float):
        return value
    raise ValueError("not a key value")


def encode_cursor(values: Sequence[object]) -> str:
    """The opaque cursor of a row's sort key."""
    text = json.dumps([_plain(v) for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, width: int) -> list[Any]:
    """The sort key a cursor holds; 422 naming `cursor` when it is not one of this list's."""
    try:
        if len(cursor) > MAX_CURSOR_CHARS:
            raise ValueError("too long")
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != width:
            raise ValueError("wrong shape")
        return [_typed(v) for v in values]
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidInput.one("cursor", "not a cursor of this list (use next_cursor)") from exc


def _beyond(key: SortKey, value: object) -> ColumnElement[bool]:
    """Rows strictly after `value` in this key's order (NULLs last)."""
    column = key.column
    if value is None:
        return false()  # nothing comes after the NULLs
    later = column < value if key.descending else column > value
    return or_(later, column.is_(None)) if key.nullable else later


def _same(key: SortKey, value: object) -> ColumnElement[bool]:
    return key.column.is_(None) if value is None else key.column == value


def after(keys: Sequence[SortKey], values: Sequence[object]) -> ColumnElement[bool]:
    """The rows strictly after the row whose sort key is `values`.

    All ascending and non-null: one row-value comparison, which both databases read as an
    index range. Otherwise the equivalent "a > x OR (a = x AND (b > y OR ...))".
    """
    if all(not k.descending and not k.nullable for k in keys):
        return tuple_(*(k.column for k in keys)) > tuple_(*values)
    clause: ColumnElement[bool] = _beyond(keys[-1], values[-1])
    for key, value in zip(reversed(keys[:-1]), reversed(values[:-1]), strict=True):
        clause = or_(_beyond(key, value), and_(_same(key, value), clause))
    return clause


def order_by(keys: Sequence[SortKey]) -> list[Any]:
    """The ORDER BY of a list's keys (NULLs last in either direction)."""
    terms = []
    for key in keys:
        term = key.column.desc() if key.descending else key.column.asc()
        terms.append(term.nulls_last() if key.nullable else term)
    return terms


def key_of(row: Any, keys: Sequence[SortKey]) -> list[object]:
    """A row's sort key values (attributes named as the key columns)."""
    return [getattr(row, k.column.key) for k in keys]


@dataclass(frozen=True)
class Listing(Generic[T]):
    """One page of a list: its rows, the (capped) count, and the next page's cursor."""

    rows: list[T]
    total: int
    total_exact: bool = True
    next_cursor: str | None = None


@dataclass(frozen=True)
class Window:
    """Which rows a request asks for: after a cursor, or a page number (OFFSET)."""

    page: int
    page_size: int
    cursor: str | None = None

    def start(self, keys: Sequence[SortKey]) -> ColumnElement[bool]:
        """The WHERE clause of the window's first row (true on a numbered page)."""
        if self.cursor is None:
            return true()
        return after(keys, decode_cursor(self.cursor, len(keys)))

    @property
    def offset(self) -> int:
        return 0 if self.cursor is not None else (self.page - 1) * self.page_size


def keyset_page(
    session: Session,
    query: Select[Any],
    keys: Sequence[SortKey],
    window: Window,
    *,
    whole_rows: bool = False,
) -> tuple[list[Any], str | None]:
    """One page of `query` in key order, and the cursor of the next (None: no more).

    The keys are attributes of the first entity selected; `whole_rows` keeps every column
    selected (rows as tuples) instead of that entity alone.
    """
    stmt = (
        query.where(window.start(keys))
        .order_by(*order_by(keys))
        .offset(window.offset)
        .limit(window.page_size + 1)
    )
    result = session.execute(stmt)
    rows = list(result.all() if whole_rows else result.scalars())
    return page_of(rows, keys, window.page_size, whole_rows=whole_rows)


def page_of(
    rows: list[Any], keys: Sequence[SortKey], size: int, *, whole_rows: bool = False
) -> tuple[list[Any], str | None]:
    """The first `size` rows (of up to size + 1 read) and the next page's cursor."""
    if len(rows) <= size:
        return rows, None
    rows = rows[:size]
    last = rows[-1][0] if whole_rows else rows[-1]
    return rows, encode_cursor(key_of(last, keys))


def capped_count(
    session: Session, *queries: Select[Any], limit: int = EXACT_COUNT_LIMIT
) -> tuple[int, bool]:
    """(count, exact): the rows of `queries` (disjoint: their rows are summed), counted up to
    `limit`; beyond it (limit, False): at most limit + 1 rows are read, whatever the table holds."""
    arms = [
        query.with_only_columns(true().label("one"), maintain_column_froms=True).order_by(None)
        for query in queries
    ]
    # One LIMIT over the queries read one after another: a later one is not read once the
    # earlier ones reached the cap.
    inner = (arms[0] if len(arms) == 1 else union_all(*arms)).limit(limit + 1).subquery()
    n = int(session.execute(select(func.count()).select_from(inner)).scalar_one())
    return (n, True) if n <= limit else (limit, False)


def slice_page(items: Sequence[T], window: Window) -> Listing[T]:
    """A page of a short list held in memory (a case's needs, a place's workers, the
    catalogue): its cursor is the position of the next item."""
    start = window.offset
    if window.cursor is not None:
        (start,) = decode_cursor(window.cursor, 1)
        if not isinstance(start, int) or start < 0:
            raise InvalidInput.one("cursor", "not a cursor of this list (use next_cursor)")
    end = start + window.page_size
    following = encode_cursor([end]) if end < len(items) else None
    return Listing(list(items[start:end]), len(items), True, following)
