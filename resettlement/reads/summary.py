"""The case as listed (CaseSummary, API.md) and in full (CaseDetail): the shapes every audience
reads, before and after its view is applied (reads/case_view.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from resettlement import clock
from resettlement.allocation.reads import AllocationOut
from resettlement.housing.rules import is_housing_resolved
from resettlement.needs.reads import NeedOut
from resettlement.storage.tables import Case
from resettlement.tasks.reads import TaskOut


class CaseSummary(BaseModel):
    id: str
    prison_number: str
    name: str
    prison: str
    destination_area: str | None
    stage: str
    release_date: date | None
    release_date_type: str | None
    days_to_release: int | None
    housing_status: str
    housing_resolved: bool

    @classmethod
    def of(cls, case: Case) -> CaseSummary:
        days = (case.release_date - clock.today()).days if case.release_date else None
        return cls(
            id=case.id,
            prison_number=case.prison_number,
            name=f"{case.given_name} {case.family_name}",
            prison=case.prison,
            destination_area=case.destination_area,
            stage=case.stage,
            release_date=case.release_date,
            release_date_type=case.release_date_type,
            days_to_release=days,
            housing_status=case.housing_status,
            housing_resolved=is_housing_resolved(case),
        )


class CaseDetail(CaseSummary):
    """Every section of a case, as one caller may see it (reads/case_view.py)."""

    reception_date: date
    date_of_birth: date | None = None
    on_licence: bool
    episode: int
    spectrum_stage: str | None
    consent_share_cjit: bool
    outcome: str | None
    assessments: list[dict[str, Any]]
    consents: list[dict[str, Any]]
    accommodation: dict[str, Any] | None
    referral: dict[str, Any] | None = None
    release_plan: dict[str, Any] | None
    tasks: list[TaskOut]
    handover: dict[str, Any] | None
    tenancy_checks: list[dict[str, Any]]
    timeline: list[dict[str, Any]]
    allocations: list[AllocationOut] = Field(
        default_factory=list, description="who holds the case now, one worker per team"
    )
    allocation_history: list[AllocationOut] = Field(
        default_factory=list, description="every allocation, newest first"
    )
    needs: list[NeedOut] = Field(
        default_factory=list, description="the current custody episode's needs, by pathway"
    )
