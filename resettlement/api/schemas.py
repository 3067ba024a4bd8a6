"""Response shapes of the v1 API (request shapes live beside the services that take them)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from resettlement import clock
from resettlement.housing.rules import is_housing_resolved
from resettlement.storage.tables import Case, Task

T = TypeVar("T")


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


class TaskOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    case_id: str
    kind: str
    team: str
    title: str
    due_at: datetime
    status: str
    escalation_level: int
    created_at: datetime
    closed_at: datetime | None = None
    completed_by: str | None = None

    @classmethod
    def of(cls, task: Task) -> TaskOut:
        return cls.model_validate(task)


class CaseDetail(CaseSummary):
    reception_date: date
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
