"""One case in full: the summary plus every section, as the API and pages show it."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from resettlement import clock
from resettlement.aftercare.rules import CheckState, check_state
from resettlement.cases.timeline import events_of
from resettlement.planning.reads import plan_view
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


def _rows(session: Session, model: type[Any], case_id: str, order: Any) -> list[Any]:
    return list(session.exec(select(model).where(model.case_id == case_id).order_by(order)))


def _check_state(check: TenancyCheck, case: Case) -> CheckState:
    return check_state(
        outcome=check.outcome,
        due_on=check.due_on,
        episode=check.episode,
        current_episode=case.episode,
        today=clock.today(),
    )


def case_sections(session: Session, case: Case) -> dict[str, Any]:
    """Every section of a case; a section not started yet is an empty list or null."""
    accommodation = session.get(Accommodation, case.id)
    handover = session.exec(
        select(Handover).where(Handover.case_id == case.id).order_by(col(Handover.episode).desc())
    ).first()
    referral = session.exec(
        select(Referral).where(Referral.case_id == case.id, Referral.episode == case.episode)
    ).first()
    return {
        "assessments": [
            as_dict(a) for a in _rows(session, Assessment, case.id, col(Assessment.recorded_at))
        ],
        "consents": [
            as_dict(c) for c in _rows(session, Consent, case.id, col(Consent.recorded_at))
        ],
        "accommodation": as_dict(accommodation) if accommodation else None,
        "referral": as_dict(referral) if referral else None,
        "release_plan": plan_view(session, case.id),
        "tasks": _rows(session, Task, case.id, col(Task.id)),
        "handover": as_dict(handover) if handover else None,
        "tenancy_checks": [
            {**as_dict(t), "state": _check_state(t, case).value}
            for t in _rows(session, TenancyCheck, case.id, col(TenancyCheck.due_on))
        ],
        "timeline": [as_dict(e) for e in events_of(session, case.id)],
    }
