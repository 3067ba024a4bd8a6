"""Reading tasks: the work list of the cases in the caller's scope, filtered and paged, and the
shape of a task as the API and pages show it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import ColumnElement, func, select
from sqlmodel import Session, col

from resettlement.access.scope import case_scope
from resettlement.access.users import Principal
from resettlement.access.visibility import visible_task_clause
from resettlement.storage.tables import Case, Task
from resettlement.vocabulary import TaskKind, TaskStatus, Team


class TaskOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    case_id: str
    kind: str
    team: str
    title: str
    due_at: datetime
    status: str
    escalation_level: int
    created_at: datetime
    closed_at: datetime | None = None
    completed_by: str | None = None
    pathway: str | None = None

    @classmethod
    def of(cls, task: Task) -> TaskOut:
        return cls.model_validate(task)


@dataclass(frozen=True)
class TaskFilters:
    team: Team | None = None
    status: TaskStatus | None = None
    case_id: str | None = None
    kind: TaskKind | None = None


def _where(principal: Principal, f: TaskFilters) -> list[ColumnElement[bool]]:
    in_scope = select(col(Case.id)).where(case_scope(principal))
    clauses: list[ColumnElement[bool]] = [
        col(Task.case_id).in_(in_scope),
        visible_task_clause(principal.role),
    ]
    for column, value in (
        (Task.team, f.team),
        (Task.status, f.status),
        (Task.case_id, f.case_id),
        (Task.kind, f.kind),
    ):
        if value is not None:
            clauses.append(col(column) == str(value))
    return clauses


def list_tasks(
    session: Session, principal: Principal, filters: TaskFilters, *, page: int, page_size: int
) -> tuple[list[Task], int]:
    """Tasks of the cases in the caller's scope, soonest due first."""
    where = _where(principal, filters)
    total = session.execute(select(func.count()).select_from(Task).where(*where)).scalar_one()
    query = (
        select(Task)
        .where(*where)
        .order_by(col(Task.due_at), col(Task.id))
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    return list(session.execute(query).scalars()), int(total)
