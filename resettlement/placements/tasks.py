"""The provider's reply chase task of one placement: its key, and closing it on an answer."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, col

from resettlement import clock
from resettlement.storage.tables import Placement, Task
from resettlement.tasks.keys import dedupe_key
from resettlement.vocabulary import TaskKind, TaskStatus

KIND = TaskKind.placement_reply_overdue


def chase_key(row: Placement) -> str:
    return dedupe_key(KIND, row.case_id, row.episode, row.id)


def close_reply_chase(session: Session, row: Placement) -> int:
    """The provider answered: its chase task, if open, closes."""
    at = clock.now()
    done = session.execute(
        update(Task)
        .where(col(Task.dedupe_key) == chase_key(row), col(Task.status) == TaskStatus.open.value)
        .values(status=TaskStatus.closed.value, closed_at=at, updated_at=at)
        .execution_options(synchronize_session=False)
    )
    return int(done.rowcount or 0)  # type: ignore[attr-defined]
