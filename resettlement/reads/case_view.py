"""One case in full: the summary plus every section, as the API and pages show it."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, SQLModel, col, select

from resettlement import clock
from resettlement.aftercare.rules import CheckState, check_state
from resettlement.cases.timeline import events_of
from resettlement.planning.rules import required_signers, unsigned_parties
from resettlement.storage.tables import (
    Accommodation,
    Assessment,
    Case,
    Consent,
    Handover,
    PlanSection,
    PlanSignature,
    Referral,
    ReleasePlan,
    Task,
    TenancyCheck,
)


def as_dict(row: SQLModel, *, drop: tuple[str, ...] = ("case_id",)) -> dict[str, Any]:
    return {k: v for k, v in row.model_dump(mode="json").items() if k not in drop}


def _rows(session: Session, model: type[Any], case_id: str, order: Any) -> list[Any]:
    return list(session.exec(select(model).where(model.case_id == case_id).order_by(order)))


def plan_view(session: Session, case_id: str) -> dict[str, Any] | None:
    """The current plan version with its sections, signatures and required signers, and every
    earlier version (of this custody episode and before), newest first."""
    plans = list(
        session.exec(
            select(ReleasePlan)
            .where(ReleasePlan.case_id == case_id)
            .order_by(col(ReleasePlan.episode).desc(), col(ReleasePlan.version).desc())
        )
    )
    case = session.get(Case, case_id)
    if not plans or case is None:
        return None

    def one(plan: ReleasePlan) -> dict[str, Any]:
        sections = session.exec(select(PlanSection).where(PlanSection.plan_id == plan.id))
        signatures = session.exec(select(PlanSignature).where(PlanSignature.plan_id == plan.id))
        return {
            **as_dict(plan, drop=("case_id", "id")),
            "sections": {
                s.party: {
                    **s.content,
                    "updated_by": s.updated_by,
                    "updated_at": s.updated_at.isoformat(),
                }
                for s in sections
            },
            "signatures": [as_dict(s, drop=("id", "plan_id")) for s in signatures],
        }

    current = one(plans[0])
    signed = {s["party"] for s in current["signatures"]}
    current["required_signers"] = [p.value for p in required_signers(case.on_licence)]
    current["unsigned"] = (
        [p.value for p in unsigned_parties(case.on_licence, signed)]
        if plans[0].status == "draft"
        else []
    )
    current["previous_versions"] = [one(p) for p in plans[1:]]
    return current


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
