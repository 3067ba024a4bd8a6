"""GET /cases/{id}/tenancy-checks and POST /cases/{id}/tenancy-checks/{check_id} (the outcome)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field, StringConstraints

from resettlement import clock
from resettlement.access.audit import record_reads
from resettlement.access.users import Principal
from resettlement.aftercare.inputs import CheckIn
from resettlement.aftercare.reads import checks_of, with_state
from resettlement.api.deps import Caller, PolicyDep, ReadDB, WriteDB, caller_may
from resettlement.api.schemas import Page
from resettlement.vocabulary import Action

router = APIRouter(tags=["tenancy checks"])

Notes = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]


class TenancyCheckOut(BaseModel):
    id: str
    episode: int
    day_offset: int = Field(description="days after release")
    due_on: date
    state: str = Field(description="recorded | due | upcoming | stopped (by a recall)")
    outcome: str | None
    notes: str | None
    recorded_at: datetime | None
    recorded_by: str | None


class CheckRecordedOut(BaseModel):
    check: TenancyCheckOut
    case_stage: str
    case_outcome: str | None
    tasks_raised: list[str]


@router.get("/cases/{case_id}/tenancy-checks", response_model=Page[TenancyCheckOut])
def tenancy_checks(case_id: str, caller: Caller, session: ReadDB) -> Page[TenancyCheckOut]:
    """Every tenancy check of the case, earlier custody episodes included."""
    checks = checks_of(session, caller, case_id, today=clock.today())
    record_reads(session, caller, [case_id], action="read_tenancy_checks")
    return Page[TenancyCheckOut](
        items=[TenancyCheckOut.model_validate(c) for c in checks], total=len(checks)
    )


@router.post("/cases/{case_id}/tenancy-checks/{check_id}", response_model=CheckRecordedOut)
def record(
    case_id: str,
    check_id: str,
    body: CheckIn,
    session: WriteDB,
    policy: PolicyDep,
    caller: Principal = caller_may(Action.tenancy_check),
) -> CheckRecordedOut:
    """Record a check's outcome: at_risk and lost raise follow-ups; the last check closes."""
    result = body.apply(
        session, principal=caller, case_id=case_id, check_id=check_id, policy=policy
    )
    state = with_state(result.check, result.case.episode, clock.today())
    return CheckRecordedOut(
        check=TenancyCheckOut.model_validate(state),
        case_stage=result.case.stage,
        case_outcome=result.case.outcome,
        tasks_raised=result.raised,
    )
