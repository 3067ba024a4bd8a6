"""Response shapes of the v1 API (request shapes live beside the services that take them)."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from resettlement.paging import Listing

T = TypeVar("T")
# The highest page number a list takes (a larger one is a 422, never an overflow in the database).
MAX_PAGE = 1_000_000


class Page(BaseModel, Generic[T]):
    """One page of a list. `next_cursor` (None on the last page) fetches the next one by
    `?cursor=`; `total_exact` false means the count stopped: there are more than `total`."""

    items: list[T]
    total: int
    next_cursor: str | None = None
    total_exact: bool = True

    @classmethod
    def of(cls, listing: Listing[Any], items: list[T]) -> Page[T]:
        """The answer for one page of a listing, its items shaped for the API."""
        return cls(
            items=items,
            total=listing.total,
            next_cursor=listing.next_cursor,
            total_exact=listing.total_exact,
        )


class CodeName(BaseModel):
    code: str
    name: str


class RegionalCodeName(CodeName):
    region: str


class RegionOut(CodeName):
    rom_email: str | None = None


class PrisonOut(RegionalCodeName):
    hacs_email: str | None = None
    carat_email: str | None = None
    probation_email: str | None = None


class AreaOut(RegionalCodeName):
    cjit_email: str | None = None
    duty_to_refer_email: str | None = None


class ReferenceOut(BaseModel):
    """Regions, prisons and areas, with the mailboxes messages go to."""

    regions: list[RegionOut]
    prisons: list[PrisonOut]
    areas: list[AreaOut]


class EventAccepted(BaseModel):
    case_id: str
    duplicate: bool
