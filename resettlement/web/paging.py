"""Paging and query-string helpers for the list pages (GOV.UK pagination component)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import Request

from resettlement.paging import MAX_CURSOR_CHARS, Listing, Window

PAGE_SIZE = 25
MAX_PAGE = 10_000


def page_number(request: Request) -> int:
    raw = request.query_params.get("page", "1")
    # Decimal digits only: "²" is a digit to str.isdigit() but not a number to int().
    if not raw.isdecimal() or len(raw) > 9:
        return 1
    return min(max(int(raw), 1), MAX_PAGE)


def page_cursor(request: Request) -> str | None:
    """The `cursor` of a "next" link (the list's keyset position), if any."""
    raw = request.query_params.get("cursor", "")
    return raw if raw and len(raw) <= MAX_CURSOR_CHARS else None


def window(request: Request) -> Window:
    """The rows a list page asks for: after its cursor, else by page number."""
    return Window(page_number(request), PAGE_SIZE, page_cursor(request))


@dataclass(frozen=True)
class Pager:
    """Where this page sits in the list, with links that keep the filters. The "next" link
    carries the list's cursor, so that walking to the end costs the same on every page."""

    page: int
    total: int
    page_size: int
    params: dict[str, str]
    path: str
    next_cursor: str | None = None
    total_exact: bool = True

    @classmethod
    def of(cls, listing: Listing[Any], request: Request, params: dict[str, str]) -> Pager:
        return cls(
            page_number(request),
            listing.total,
            PAGE_SIZE,
            params,
            request.url.path,
            listing.next_cursor,
            listing.total_exact,
        )

    @property
    def label(self) -> str:
        """ "Page 3 of 12", or "Page 3 of more than 400" where counting stopped."""
        return f"Page {self.page} of {'' if self.total_exact else 'more than '}{self.pages}"

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def first_item(self) -> int:
        return 0 if self.total == 0 else (self.page - 1) * self.page_size + 1

    @property
    def last_item(self) -> int:
        return min(self.total, self.page * self.page_size)

    def href(self, page: int) -> str:
        return self.path + "?" + urlencode({**self.params, "page": str(page)})

    @property
    def previous(self) -> str | None:
        return self.href(self.page - 1) if self.page > 1 else None

    @property
    def next(self) -> str | None:
        if self.next_cursor is not None:
            following = {**self.params, "page": str(self.page + 1), "cursor": self.next_cursor}
            return self.path + "?" + urlencode(following)
        return self.href(self.page + 1) if self.page < self.pages else None


def kept_params(request: Request, *names: str) -> dict[str, str]:
    """The non-empty filter values of the request, to carry into paging and sorting links."""
    return {n: v for n in names if (v := request.query_params.get(n, "").strip())}


def with_params(path: str, params: dict[str, str], **changes: str) -> str:
    merged = {k: v for k, v in {**params, **changes}.items() if v}
    return path + ("?" + urlencode(merged) if merged else "")
