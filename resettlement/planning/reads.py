"""Reading the release plan: the current version of a case, and the plan as shown to people
(current version with sections, signatures, who must still sign, and every earlier version).

Which parts of it a caller may see is decided by the read models (reads/), not here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, col, select

from resettlement.planning.rules import required_signers, unsigned_parties
from resettlement.storage.rows import as_dict
from resettlement.storage.tables import Case, PlanSection, PlanSignature, ReleasePlan
from resettlement.vocabulary import PlanStatus


def current_plan(session: Session, case: Case) -> ReleasePlan | None:
    """The latest version of the plan for the case's current custody episode."""
    query = (
        select(ReleasePlan)
        .where(col(ReleasePlan.case_id) == case.id, col(ReleasePlan.episode) == case.episode)
        .order_by(col(ReleasePlan.version).desc())
    )
    return session.execute(query).scalars().first()


def current_plans(session: Session, cases: Sequence[Case]) -> dict[str, ReleasePlan]:
    """`current_plan` for many cases in one query: case id -> plan (cases with one only)."""
    episodes = {c.id: c.episode for c in cases}
    if not episodes:
        return {}
    query = (
        select(ReleasePlan)
        .where(col(ReleasePlan.case_id).in_(list(episodes)))
        .order_by(col(ReleasePlan.version).desc())
    )
    plans: dict[str, ReleasePlan] = {}
    for plan in session.execute(query).scalars():
        if plan.episode == episodes[plan.case_id]:
            plans.setdefault(plan.case_id, plan)
    return plans


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
        if plans[0].status == PlanStatus.draft
        else []
    )
    current["previous_versions"] = [one(p) for p in plans[1:]]
    return current
