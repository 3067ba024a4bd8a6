"""SQL twin of `rules.check_state(...) == due` over the community caseload, for the sweep."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, select
from sqlmodel import col

from resettlement.cases.partition import region_clause
from resettlement.storage.tables import Case, TenancyCheck
from resettlement.tasks.keys import sql_task_raised
from resettlement.vocabulary import COMMUNITY_STAGES, TaskKind

DUE = TaskKind.tenancy_check_due
IN_COMMUNITY = [s.value for s in COMMUNITY_STAGES]


def due_checks_without_task(today: date, region: str | None) -> Select[str, int, int, date]:
    """(case_id, episode, day_offset, due_on) of each check of a current episode in the
    community that is due today or before, has no outcome and has no task yet (of `region`'s
    cases, when given)."""
    raised_before = sql_task_raised(
        DUE, col(TenancyCheck.case_id), col(TenancyCheck.episode), col(TenancyCheck.day_offset)
    )
    return (
        select(
            col(TenancyCheck.case_id),
            col(TenancyCheck.episode),
            col(TenancyCheck.day_offset),
            col(TenancyCheck.due_on),
        )
        .join(Case, col(Case.id) == col(TenancyCheck.case_id))
        .where(
            col(TenancyCheck.outcome).is_(None),
            col(TenancyCheck.due_on) <= today,
            col(Case.episode) == col(TenancyCheck.episode),
            col(Case.stage).in_(IN_COMMUNITY),
            region_clause(region),
            ~raised_before,
        )
    )
