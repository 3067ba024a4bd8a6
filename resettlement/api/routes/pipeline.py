"""GET /pipeline: a region's (or the national) pipeline and KPIs, computed from the records."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from resettlement import clock
from resettlement.api.deps import Caller, PolicyDep, ReadDB, ReferenceDep
from resettlement.pipeline.reads import compute_pipeline, pipeline_region

router = APIRouter(tags=["pipeline"])


class WeekCount(BaseModel):
    week_start: str
    count: int


class PrisonTeamCount(BaseModel):
    prison: str
    team: str
    count: int


class Kpis(BaseModel):
    accommodated_on_release_pct: float | None
    settled_at_91_days_pct: float | None
    handover_accepted_within_sla_pct: float | None
    needs_met_at_release_pct: float | None = Field(
        default=None, description="needs met at release, every pathway (declined ones left out)"
    )


class PathwayNeeds(BaseModel):
    pathway: str
    met: int = Field(description="needs met at the release")
    needs: int = Field(description="needs recorded before the release, declined ones left out")
    pct: float | None


class PipelineOut(BaseModel):
    region: str | None = Field(description="the region code; null for the national pipeline")
    as_of: datetime
    stages: dict[str, int]
    releasing_unresolved: list[WeekCount] = Field(
        description="custody cases with housing unresolved, by week of release (from Monday)"
    )
    overdue_tasks: int = Field(description="open tasks past their due time")
    overdue_by_prison_team: list[PrisonTeamCount]
    kpis: Kpis = Field(description="percentages; null when there is nothing to divide by")
    kpi_counts: dict[str, dict[str, int]] = Field(description="numerator and denominator of each")
    kpi_window: dict[str, Any] = Field(description="the releases the KPIs count")
    needs_met_at_release: list[PathwayNeeds] = Field(
        default_factory=list, description="the needs-met-at-release KPI by pathway"
    )


@router.get("/pipeline", response_model=PipelineOut)
def pipeline(
    caller: Caller,
    session: ReadDB,
    policy: PolicyDep,
    ref: ReferenceDep,
    region: Annotated[str | None, Query(max_length=3, description="region code")] = None,
) -> PipelineOut:
    """A ROM sees their region; an admin any region, or national with no region given."""
    scope = pipeline_region(caller, region, ref)
    result = compute_pipeline(
        session, region=scope, now=clock.now(), today=clock.today(), policy=policy
    )
    return PipelineOut.model_validate(result, from_attributes=True)
