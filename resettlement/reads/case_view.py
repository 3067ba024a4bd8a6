"""One case as a caller may see it: assembled here, once, and passed through the caller's view
(access/visibility.py) before the API, a page, an export or a packet takes it.

`case_detail` is GET /cases/{id} and the case page; `plan_for` the release plan route and page
(and the answers to a plan write); `needs_for` the case's needs (and the answers to a need
write); `handover_view` a handover in the inbox, the API and the CJIT's page. Nothing reaches
a caller from a case's records except through these.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from resettlement import clock
from resettlement.access.users import Principal
from resettlement.access.visibility import (
    View,
    redact_allocations,
    redact_case,
    redact_needs,
    redact_plan,
    view_for,
)
from resettlement.aftercare.reads import with_state
from resettlement.allocation.reads import allocation_rows, current
from resettlement.cases.lookup import get_case
from resettlement.cases.timeline import events_of
from resettlement.needs.reads import needs_of
from resettlement.planning.reads import plan_view
from resettlement.reads.summary import CaseDetail, CaseSummary
from resettlement.storage.rows import as_dict
from resettlement.storage.tables import (
    Accommodation,
    Assessment,
    Case,
    Consent,
    Handover,
    Referral,
    Task,
    TenancyCheck,
)
from resettlement.tasks.reads import task_views


def view_of(principal: Principal, case: Case) -> View:
    """What `principal` may see of `case` (its consent as it stands now)."""
    return view_for(principal.role, consent_share_cjit=case.consent_share_cjit)


def _rows(session: Session, model: type[Any], case_id: str, order: Any) -> list[Any]:
    return list(session.exec(select(model).where(model.case_id == case_id).order_by(order)))


def _sections(session: Session, case: Case) -> dict[str, Any]:
    """Every section of a case, unfiltered; a section not started yet is an empty list or null."""
    accommodation = session.get(Accommodation, case.id)
    handover = session.exec(
        select(Handover).where(Handover.case_id == case.id).order_by(col(Handover.episode).desc())
    ).first()
    referral = session.exec(
        select(Referral).where(Referral.case_id == case.id, Referral.episode == case.episode)
    ).first()
    today = clock.today()
    allocations = allocation_rows(session, case)
    return {
        "allocations": current(allocations),
        "allocation_history": allocations,
        "assessments": [
            as_dict(a) for a in _rows(session, Assessment, case.id, col(Assessment.recorded_at))
        ],
        "consents": [
            as_dict(c) for c in _rows(session, Consent, case.id, col(Consent.recorded_at))
        ],
        "accommodation": as_dict(accommodation) if accommodation else None,
        "referral": as_dict(referral) if referral else None,
        "release_plan": plan_view(session, case.id),
        "tasks": [
            t.model_dump(mode="json")
            for t in task_views(session, _rows(session, Task, case.id, col(Task.id)))
        ],
        "handover": as_dict(handover) if handover else None,
        "tenancy_checks": [
            {**as_dict(t), "state": with_state(t, case.episode, today)["state"]}
            for t in _rows(session, TenancyCheck, case.id, col(TenancyCheck.due_on))
        ],
        "timeline": [as_dict(e) for e in events_of(session, case.id)],
        "needs": needs_of(session, case),
    }


def case_detail(session: Session, principal: Principal, case: Case) -> CaseDetail:
    """The case in full as `principal` may see it (the caller has checked its scope)."""
    full = {
        **CaseSummary.of(case).model_dump(mode="json"),
        "reception_date": case.reception_date.isoformat(),
        "date_of_birth": case.date_of_birth.isoformat(),
        "on_licence": case.on_licence,
        "episode": case.episode,
        "spectrum_stage": case.spectrum_stage,
        "consent_share_cjit": case.consent_share_cjit,
        "outcome": case.outcome,
        **_sections(session, case),
    }
    return CaseDetail.model_validate(redact_case(full, view_of(principal, case)))


def plan_for(session: Session, principal: Principal, case: Case) -> dict[str, Any] | None:
    """The release plan as `principal` may see it (None before it opens)."""
    return redact_plan(plan_view(session, case.id), view_of(principal, case))


def needs_for(session: Session, principal: Principal, case: Case) -> list[dict[str, Any]]:
    """The current episode's needs as `principal` may see them."""
    return redact_needs(needs_of(session, case), view_of(principal, case))


def allocations_for(session: Session, principal: Principal, case_id: str) -> list[dict[str, Any]]:
    """Who holds the case now, as `principal` may see it (the answer to an allocation)."""
    case = get_case(session, principal, case_id)
    return redact_allocations(current(allocation_rows(session, case)), view_of(principal, case))
