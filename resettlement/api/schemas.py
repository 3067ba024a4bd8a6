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


class ReferenceOut(BaseModel):
    regions: list[CodeName]
    prisons: list[RegionalCodeName]
    areas: list[RegionalCodeName]


class EventAccepted(BaseModel):
    case_id: str
    duplicate: bool
