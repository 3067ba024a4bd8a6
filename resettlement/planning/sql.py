"""SQL twins of the plan deadline rules (planning/rules.py), for the daily sweep.

`cases_due_a_plan` is `rules.plan_due_to_open` over the caseload; `plans_due_signoff` selects
the draft plans `rules.parties_to_chase` may chase (the rule then picks the unsigned parties).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, select
from sqlmodel import col

from resettlement.cases.partition import region_clause
from resettlement.planning.rules import PLAN_OPENING_STAGES
from resettlement.policy import ReleasePlanPolicy
from resettlement.storage.tables import Case, PlanSignature, ReleasePlan
from resettlement.vocabulary import CUSTODY_STAGES, PlanStatus


def cases_due_a_plan(today: date, policy: ReleasePlanPolicy, region: str | None) -> Select[Any]:
    """Cases at a plan-opening stage releasing within `opens_days` with no plan this episode
    (of `region`'s cases, when given), in id order: one lock order for every writer."""
    horizon = today + timedelta(days=policy.opens_days_before_release)
    has_plan = exists().where(
        col(ReleasePlan.case_id) == col(Case.id), col(ReleasePlan.episode) == col(Case.episode)
    )
    return (
        select(Case)
        .where(
            col(Case.stage).in_([s.value for s in PLAN_OPENING_STAGES]),
            col(Case.release_date) <= horizon,
            ~has_plan,
            region_clause(region),
        )
        .order_by(col(Case.id))
    )


def _due(today: date, policy: ReleasePlanPolicy, region: str | None) -> ColumnElement[bool]:
    """A draft plan of its case's current episode, in custody, past the sign-off deadline."""
    horizon = today + timedelta(days=policy.signoff_days_before_release)
    return and_(
        col(ReleasePlan.status) == PlanStatus.draft.value,
        col(Case.stage).in_([s.value for s in CUSTODY_STAGES]),
        col(Case.release_date) <= horizon,
        region_clause(region),
    )


_OF_CASE = and_(
    col(Case.id) == col(ReleasePlan.case_id), col(Case.episode) == col(ReleasePlan.episode)
)


def plans_due_signoff(
    today: date, policy: ReleasePlanPolicy, region: str | None
) -> Select[str, int, str, str, str, int, date | None, bool]:
    """(plan id, version, status, case id, stage, episode, release date, on licence) per due
    plan."""
    return (
        select(
            col(ReleasePlan.id),
            col(ReleasePlan.version),
            col(ReleasePlan.status),
            col(Case.id),
            col(Case.stage),
            col(Case.episode),
            col(Case.release_date),
            col(Case.on_licence),
        )
        .join(Case, _OF_CASE)
        .where(_due(today, policy, region))
    )


def signatures_of_due_plans(
    today: date, policy: ReleasePlanPolicy, region: str | None
) -> Select[str, str]:
    """(plan id, party) of every signature on the plans `plans_due_signoff` selects."""
    due = select(col(ReleasePlan.id)).join(Case, _OF_CASE).where(_due(today, policy, region))
    return select(col(PlanSignature.plan_id), col(PlanSignature.party)).where(
        col(PlanSignature.plan_id).in_(due)
    )
