"""The jointly prepared release plan: read it, write a party's section, sign it."""

from __future__ import annotations

from fastapi import APIRouter
from sqlmodel import Session

from resettlement.access.audit import record_reads
from resettlement.access.users import Principal
from resettlement.api.deps import Caller, ReadDB, WriteDB
from resettlement.api.responses import PlanOut
from resettlement.cases.lookup import get_case
from resettlement.errors import NotFound
from resettlement.planning import commands as release_plan
from resettlement.planning.inputs import SectionIn, SignIn
from resettlement.reads.case_view import plan_for
from resettlement.vocabulary import PlanParty

router = APIRouter(tags=["release plan"])


def _plan(session: Session, caller: Principal, case_id: str) -> PlanOut:
    """The plan as the caller may see it: reads and the answers to writes alike."""
    view = plan_for(session, caller, get_case(session, caller, case_id))
    if view is None:
        raise NotFound(f"case {case_id} has no release plan yet")
    return PlanOut.model_validate(view)


@router.get("/cases/{case_id}/release-plan", response_model=PlanOut)
def read_plan(case_id: str, caller: Caller, session: ReadDB) -> PlanOut:
    """The current version, who must still sign, and every earlier version."""
    case = get_case(session, caller, case_id)
    record_reads(session, caller, [case.id], action="read_release_plan")
    return _plan(session, caller, case.id)


@router.put("/cases/{case_id}/release-plan/sections/{party}", response_model=PlanOut)
def write_section(
    case_id: str, party: PlanParty, body: SectionIn, caller: Caller, session: WriteDB
) -> PlanOut:
    """Write a party's section; on an agreed plan this makes a new version to sign again."""
    release_plan.write_section(
        session, principal=caller, case_id=case_id, party=party, content=body.content
    )
    return _plan(session, caller, case_id)


@router.post("/cases/{case_id}/release-plan/sign", response_model=PlanOut)
def sign(case_id: str, body: SignIn, caller: Caller, session: WriteDB) -> PlanOut:
    """Sign the current version for a party; the last required signature agrees the plan."""
    release_plan.sign(session, principal=caller, case_id=case_id, party=body.party)
    return _plan(session, caller, case_id)
