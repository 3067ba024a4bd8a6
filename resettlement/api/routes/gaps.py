"""GET /gaps: where need outstrips provision, per destination area, and the weeks ahead."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from resettlement import clock
from resettlement.api.deps import Caller, ReadDB, ReferenceDep
from resettlement.gaps.reads import compute_gaps

router = APIRouter(tags=["map and match"])


class AreaGap(BaseModel):
    area: str
    name: str
    releasing_unresolved: int = Field(description="custody cases releasing in the window")
    free_places: int = Field(description="places of the area's services free on release days")
    eligible_places: int = Field(description="of them, places those cases could take")
    gap: int = Field(description="max(0, releasing_unresolved - eligible_places)")
    no_suitable_service: int = Field(description="cases no active service could take at all")


class ForecastWeek(BaseModel):
    week_start: date
    releasing_unresolved: int
    free_places: int = Field(description="places free on the week's first day")


class KindOutcome(BaseModel):
    kind: str
    placed: int
    checked_28: int
    housed_28: int
    checked_91: int
    housed_91: int


class GapsOut(BaseModel):
    region: str | None = Field(description="null: national (admins)")
    as_of: date
    weeks: int
    areas: list[AreaGap]
    forecast: list[ForecastWeek]
    outcomes: list[KindOutcome]


@router.get("/gaps", response_model=GapsOut)
def gaps(
    caller: Caller,
    session: ReadDB,
    reference: ReferenceDep,
    region: Annotated[str | None, Query(max_length=3)] = None,
    weeks: Annotated[int, Query(ge=1, le=52)] = 12,
) -> GapsOut:
    """A ROM's region (a ROM sees only its own); an admin any region, or national."""
    found = compute_gaps(
        session, caller, region=region, weeks=weeks, reference=reference, today=clock.today()
    )
    return GapsOut.model_validate(found)
