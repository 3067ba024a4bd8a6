"""SQL twins of the handover SLA rule (handover/rules.py): overdue handovers, and the overdue
tasks the SLA sweep raises for them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, literal, null, select
from sqlmodel import col

from resettlement.cases.partition import region_clause
from resettlement.policy import HandoverPolicy
from resettlement.storage.tables import Case, Handover
from resettlement.storage.types import UTCDateTime
from resettlement.tasks.keys import sql_dedupe_key
from resettlement.vocabulary import (
    COMMUNITY_STAGES,
    TASK_TEAM,
    HandoverStatus,
    TaskKind,
    TaskStatus,
)

# The task columns `overdue_acceptance_rows` selects, in order.
TASK_COLUMNS = [
    "dedupe_key",
    "case_id",
    "kind",
    "team",
    "title",
    "due_at",
    "status",
    "escalation_level",
    "created_at",
    "updated_at",
    "closed_at",
    "completed_by",
]


def overdue_clause(now: datetime) -> ColumnElement[bool]:
    """SQL twin of `rules.acceptance_overdue`: still new and past its accept_by."""
    return and_(col(Handover.status) == HandoverStatus.new.value, col(Handover.accept_by) < now)


def overdue_acceptance_rows(
    now: datetime, policy: HandoverPolicy, region: str | None
) -> Select[*tuple[Any, ...]]:
    """One new `handover_acceptance_overdue` task row per current handover overdue at `now`
    (of `region`'s cases, when given), as TASK_COLUMNS."""
    kind = TaskKind.handover_acceptance_overdue
    days = policy.acceptance_working_days
    stamp = literal(now, UTCDateTime())
    return (
        select(
            sql_dedupe_key(kind, col(Handover.case_id), col(Handover.episode)),
            col(Handover.case_id),
            literal(kind.value),
            literal(TASK_TEAM[kind].value),
            literal(f"Accept the handover: not accepted within {days} working day(s) of release"),
            col(Handover.accept_by),
            literal(TaskStatus.open.value),
            literal(1),
            stamp,
            stamp,
            null(),
            null(),
        )
        .join(Case, col(Case.id) == col(Handover.case_id))
        .where(
            overdue_clause(now),
            col(Case.episode) == col(Handover.episode),
            col(Case.stage).in_([s.value for s in COMMUNITY_STAGES]),
            region_clause(region),
        )
    )
