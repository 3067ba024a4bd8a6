"""Column types shared by the tables."""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware instant stored as UTC on every backend (SQLite keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = _in_utc(value)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def bind_processor(self, dialect: Dialect) -> Any:
        """On SQLite, one function from the instant to the text SQLAlchemy's DATETIME stores
        ('YYYY-MM-DD HH:MM:SS.ffffff', UTC): the composed processors took ~5 us a value, a
        tenth of a bulk intake's time."""
        if dialect.name != "sqlite":
            return super().bind_processor(dialect)

        def process(value: datetime | None) -> str | None:
            if value is None:
                return None
            return _in_utc(value).isoformat(" ", "microseconds")[:26]  # without its offset

        return process

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _in_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("naive datetime refused: every instant must carry its offset")
    return value if value.tzinfo is UTC else value.astimezone(UTC)


JSONData = JSON().with_variant(JSON(), "sqlite")


def new_id() -> str:
    """A time-ordered (version 7) UUID: rows written together sit together in every index
    led by an id, so a growing table takes its new rows at the end rather than on random
    pages (RFC 9562: 48-bit Unix milliseconds, then random bits)."""
    rand = int.from_bytes(os.urandom(10), "big")
    value = (time.time_ns() // 1_000_000) << 80 | 0x7 << 76 | (rand >> 64 & 0xFFF) << 64
    return str(uuid.UUID(int=value | 0b10 << 62 | rand & (1 << 62) - 1))


def utc_column(**kwargs: Any) -> Any:
    from sqlalchemy import Column

    return Column(UTCDateTime(), **kwargs)


# UK GDPR art. 9 special-category data (health: drug treatment) is marked on its column, so that
# code and tests can find every such field (`special_category_columns`).
SPECIAL_CATEGORY = "special_category"


def special(what: str) -> dict[str, Any]:
    """Column info marking special-category data, saying what it is."""
    return {SPECIAL_CATEGORY: what}


def special_category_columns(metadata: Any) -> dict[str, str]:
    """'table.column' -> what, for every column marked special category."""
    return {
        f"{table.name}.{column.name}": column.info[SPECIAL_CATEGORY]
        for table in metadata.sorted_tables
        for column in table.columns
        if SPECIAL_CATEGORY in column.info
    }
