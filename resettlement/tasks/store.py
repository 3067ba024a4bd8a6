"""Writing task rows: raising (the unique dedupe key, not a prior SELECT, decides) and closing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session

from resettlement import clock
from resettlement.storage.bulk_insert import insert_rows
from resettlement.storage.tables import Task
from resettlement.storage.task_scope import scope_of, with_scope
from resettlement.storage.upsert import insert_for
from resettlement.vocabulary import TASK_TEAM, TaskKind, TaskStatus, Team


def task_row(
    *,
    case_id: str,
    kind: TaskKind,
    title: str,
    due_at: datetime,
    key: str,
    team: Team | None = None,
    escalation_level: int = 1,
    pathway: str | None = None,
) -> dict[str, Any]:
    """The column values of a new open task (for bulk inserts: the intake, the sweeps)."""
    at = clock.now()
    return {
        "dedupe_key": key,
        "case_id": case_id,
        "kind": kind.value,
        "team": (team or TASK_TEAM[kind]).value,
        "title": title,
        "due_at": due_at,
        "status": TaskStatus.open.value,
        "escalation_level": escalation_level,
        "created_at": at,
        "updated_at": at,
        "closed_at": None,
        "completed_by": None,
        "pathway": pathway,
    }


def new_task(
    *,
    case_id: str,
    kind: TaskKind,
    title: str,
    due_at: datetime,
    key: str,
    team: Team | None = None,
    escalation_level: int = 1,
    pathway: str | None = None,
) -> Task:
    return Task(
        **task_row(
            case_id=case_id,
            kind=kind,
            title=title,
            due_at=due_at,
            key=key,
            team=team,
            escalation_level=escalation_level,
            pathway=pathway,
        )
    )


def insert_tasks(session: Session, tasks: Iterable[Task]) -> int:
    """Insert tasks whose dedupe key is new; an existing key is left as it is. Returns inserted."""
    columns = [c.name for c in Task.__table__.columns if c.name != "id"]  # type: ignore[attr-defined]
    return insert_task_rows(session, [{c: getattr(t, c) for c in columns} for t in tasks])


def insert_task_rows(session: Session, rows: list[dict[str, Any]]) -> int:
    """`insert_tasks` for rows made by `task_row`; the unique dedupe key decides, not a SELECT."""
    if not rows:
        return 0
    scope = scope_of(session, (row["case_id"] for row in rows))
    rows = [row | scope[row["case_id"]] for row in rows]
    table = Task.__table__  # type: ignore[attr-defined]
    return insert_rows(session, table, rows, skip_conflicts_on="dedupe_key")


def close_open_tasks(
    session: Session, case_id: str | list[str], kinds: Iterable[TaskKind] | None = None
) -> int:
    """The system closes a case's open tasks whose cause went away (status `closed`); a list of
    case ids closes theirs in one statement (the intake's batch of releases).

    A plain table UPDATE: it does not flush the session, so Task objects added to the session
    and not yet flushed are not closed by it.
    """
    at = clock.now()
    table = Task.__table__  # type: ignore[attr-defined]
    statement = (
        update(table)
        .where(
            table.c.case_id == case_id
            if isinstance(case_id, str)
            else table.c.case_id.in_(case_id),
            table.c.status == TaskStatus.open.value,
        )
        .values(status=TaskStatus.closed.value, closed_at=at, updated_at=at)
    )
    if kinds is not None:
        statement = statement.where(table.c.kind.in_([k.value for k in kinds]))
    with session.no_autoflush:  # tasks are never pending in the session (insert_task_rows)
        return int(session.execute(statement).rowcount or 0)  # type: ignore[attr-defined]


def insert_from_select(session: Session, columns: list[str], source: Any) -> int:
    """INSERT INTO task (columns) SELECT ... (with each row's case scope added: rows of one
    `case_id` column); a row whose dedupe key exists is skipped."""
    columns, source = with_scope(columns, source)
    statement = (
        insert_for(session, Task.__table__)  # type: ignore[attr-defined]
        .from_select(columns, source)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        # SQLAlchemy 2.1 keeps an INSERT's rowcount only when asked (psycopg reports -1).
        .execution_options(preserve_rowcount=True)
    )
    return int(session.execute(statement).rowcount or 0)  # type: ignore[attr-defined]
