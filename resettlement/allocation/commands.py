"""Naming the worker who holds a case for a team, and ending allocations when the person moves
on (a transfer, a release the CJIT has accepted, another destination area)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col

from resettlement.storage.tables import Allocation
from resettlement.vocabulary import PlanParty


def end_allocations(
    session: Session,
    *,
    case_id: str,
    teams: Iterable[PlanParty],
    by: str,
    reason: str,
    at: datetime,
) -> int:
    """The case's current allocations for `teams` end (kept as history); how many ended. Their
    open tasks are then unassigned (a task's assignee is its team's current worker)."""
    result = session.execute(
        update(Allocation)
        .where(
            col(Allocation.case_id) == case_id,
            col(Allocation.team).in_([t.value for t in teams]),
            col(Allocation.ended_at).is_(None),
        )
        .values(ended_at=at, ended_by=by, end_reason=reason)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
