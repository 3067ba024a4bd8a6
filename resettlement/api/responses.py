"""Response shapes of the pre-release path: assessments, consents, referral, accommodation, plan."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from resettlement.assessment.common import AssessmentResult
from resettlement.housing.commands import AccommodationResult


class _FromRow(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class AssessmentOut(_FromRow):
    id: str
    case_id: str
    kind: str
    episode: int
    data: dict[str, Any]
    recorded_at: datetime
    recorded_by: str
    stage: str = Field(description="the case's stage after the assessment")
    tasks_raised: list[str]
    tasks_closed: list[str]
    messages: list[str] = Field(description="what the rules decided, in words")

    @classmethod
    def of(cls, result: AssessmentResult) -> AssessmentOut:
        a = result.assessment
        return cls(
            id=a.id,
            case_id=a.case_id,
            kind=a.kind,
            episode=a.episode,
            data=a.data,
            recorded_at=a.recorded_at,
            recorded_by=a.recorded_by,
            stage=result.case.stage,
            tasks_raised=result.raised,
            tasks_closed=result.closed,
            messages=result.messages,
        )


class ConsentOut(_FromRow):
    id: str
    case_id: str
    kind: str
    scope: str
    given: bool
    recorded_at: datetime
    recorded_by: str
    method: str = Field(description="how the person gave or refused it: verbal, written, by_phone")
    obtained_at: datetime | None = Field(description="when the person gave or refused it")
    withdrawn_at: datetime | None
    withdrawn_by: str | None = None
    withdrawal_method: str | None = None


class ReferralOut(_FromRow):
    id: str
    case_id: str
    episode: int
    local_authority: str
    referred_on: date
    reference: str
    outcome: str | None
    outcome_on: date | None
    recorded_by: str


class AccommodationOut(BaseModel):
    case_id: str
    housing_status: str
    address: str
    provider: str
    start_date: date | None
    confirmed: bool
    updated_at: datetime
    updated_by: str
    housing_ready_from: date | None
    housing_resolved: bool
    tasks_closed: int

    @classmethod
    def of(cls, result: AccommodationResult) -> AccommodationOut:
        row = result.accommodation
        return cls(
            case_id=row.case_id,
            housing_status=row.housing_status,
            address=row.address,
            provider=row.provider,
            start_date=row.start_date,
            confirmed=row.confirmed,
            updated_at=row.updated_at,
            updated_by=row.updated_by,
            housing_ready_from=result.case.housing_ready_from,
            housing_resolved=result.housing_resolved,
            tasks_closed=result.tasks_closed,
        )


class SignatureOut(BaseModel):
    party: str
    signed_at: datetime
    signed_by: str


class PlanVersionOut(BaseModel):
    episode: int
    version: int
    status: str = Field(description="draft | agreed | superseded")
    created_at: datetime
    agreed_at: datetime | None
    sections: dict[str, dict[str, Any]] = Field(
        description="party -> its content, with updated_by and updated_at"
    )
    signatures: list[SignatureOut]


class PlanOut(PlanVersionOut):
    required_signers: list[str]
    unsigned: list[str] = Field(description="required parties yet to sign this draft")
    previous_versions: list[PlanVersionOut]
