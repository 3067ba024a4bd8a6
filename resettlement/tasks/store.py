"""Raising, closing and completing tasks. The unique dedupe key, not a prior SELECT, decides."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from resettlement import clock
from resettlement.storage.tables import Task
from resettlement.vocabulary import TaskKind, TaskStatus, Team

TASK_TEAM: dict[TaskKind, Team] = {
    TaskKind.hacs_assessment_due: Team.hacs,
    TaskKind.carat_triage_due: Team.carat,
    TaskKind.duty_to_refer: Team.hacs,
    TaskKind.duty_to_refer_chase: Team.hacs,
    TaskKind.protect_tenancy: Team.hacs,
    TaskKind.end_tenancy_safely: Team.hacs,
    TaskKind.housing_unresolved: Team.hacs,
    TaskKind.housing_unresolved_escalation: Team.rom,
    TaskKind.handover_acceptance_overdue: Team.cjit,
    TaskKind.missed_first_appointment: Team.cjit,
    TaskKind.tenancy_check_due: Team.cjit,
    TaskKind.tenancy_at_risk: Team.cjit,
    TaskKind.rehousing_needed: Team.cjit,
}


def dedupe_key(kind: TaskKind, case_id: str, episode: int, *parts: object) -> str:
    return ":".join([kind.value, case_id, str(episode), *(str(p) for p in parts)])


def task_row(
    *,
    case_id: str,
    kind: TaskKind,
    title: str,
    due_at: datetime,
    key: str,
    team: Team | None = None,
    escalation_level: int = 1,
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
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = Task.__table__  # type: ignore[attr-defined]
    statement = insert(table).on_conflict_do_nothing(index_elements=["dedupe_key"])
    # No RETURNING: with it SQLAlchemy sends one INSERT of all the rows, whose placeholders
    # psycopg then parses in Python (~0.2 ms a row); without it psycopg pipelines one short
    # cached statement per row. Both drivers sum the rows inserted over an executemany.
    result = session.execute(statement.execution_options(preserve_rowcount=True), rows)
    return int(result.rowcount)  # type: ignore[attr-defined]


def close_open_tasks(
    session: Session, case_id: str, kinds: Iterable[TaskKind] | None = None
) -> int:
    """The system closes a case's open tasks whose cause went away (status `closed`).

    A plain table UPDATE: it does not flush the session, so Task objects added to the session
    and not yet flushed are not closed by it.
    """
    at = clock.now()
    table = Task.__table__  # type: ignore[attr-defined]
    statement = (
        update(table)
        .where(table.c.case_id == case_id, table.c.status == TaskStatus.open.value)
        .values(status=TaskStatus.closed.value, closed_at=at, updated_at=at)
    )
    if kinds is not None:
        statement = statement.where(table.c.kind.in_([k.value for k in kinds]))
    with session.no_autoflush:  # tasks are never pending in the session (insert_task_rows)
        return int(session.execute(statement).rowcount or 0)  # type: ignore[attr-defined]
