"""Response shapes of the v1 API (request shapes live beside the services that take them)."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T")
# The highest page number a list takes (a larger one is a 422, never an overflow in the database).
MAX_PAGE = 1_000_000


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int


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
