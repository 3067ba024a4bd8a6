"""SQL twin of `rules.need_task_due` over the caseload, for the daily chase of needs not started."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Select, select
from sqlmodel import col

from resettlement.cases.partition import region_clause
from resettlement.policy import NeedsPolicy
from resettlement.storage.tables import Case, Need
from resettlement.tasks.keys import sql_task_raised
from resettlement.vocabulary import CUSTODY_STAGES, NeedStatus, TaskKind

CHASE = TaskKind.need_not_started


def needs_due_a_task(
    today: date, policy: NeedsPolicy, region: str | None
) -> Select[str, str, int, str, str, str, date | None]:
    """(need id, case id, episode, owner, pathway, need code, release date) of each need of a
    case's current episode still not started, the case in custody releasing within the chase
    window, with no task for it yet (of `region`'s cases, when given)."""
    horizon = today + timedelta(days=policy.not_started_days_before_release)
    raised_before = sql_task_raised(CHASE, col(Need.case_id), col(Need.episode), col(Need.id))
    return (
        select(
            col(Need.id),
            col(Need.case_id),
            col(Need.episode),
            col(Need.owner),
            col(Need.pathway),
            col(Need.need),
            col(Case.release_date),
        )
        .join(Case, col(Case.id) == col(Need.case_id))
        .where(
            col(Need.status) == NeedStatus.not_started.value,
            col(Need.episode) == col(Case.episode),
            col(Case.stage).in_([s.value for s in CUSTODY_STAGES]),
            col(Case.release_date) <= horizon,
            region_clause(region),
            ~raised_before,
        )
    )
