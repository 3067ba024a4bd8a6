"""Reading tasks: the work list of the cases in the caller's scope, filtered and paged, and the
shape of a task as the API and pages show it.

An open task's assignee is the worker who holds its case for its team now (allocation): the
case's tasks for a team go to its worker, those raised later too, and a worker whose allocation
ends (reallocated, transferred, handed over) no longer has them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import ColumnElement, and_, exists, select, true
from sqlmodel import Session, col

from resettlement.access.scope import case_scope, region_scope
from resettlement.access.users import Principal
from resettlement.access.visibility import visible_task_clause
from resettlement.paging import Listing, SortKey, Window, capped_count, keyset_page
from resettlement.storage.tables import Allocation, Case, Task
from resettlement.vocabulary import Role, TaskKind, TaskStatus, Team


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
    assignee: str | None = None

    @classmethod
    def of(cls, task: Task, assignee: str | None = None) -> TaskOut:
        return cls.model_validate(task).model_copy(update={"assignee": assignee})


@dataclass(frozen=True)
class TaskFilters:
    team: Team | None = None
    status: TaskStatus | None = None
    case_id: str | None = None
    kind: TaskKind | None = None
    assignee: str | None = None  # a username: the open tasks of the cases they hold
    due_before: datetime | None = None  # due before this time (overdue: now; due today: midnight)
    due_from: datetime | None = None  # due at or after this time
    prison: str | None = None  # cases at this prison
    area: str | None = None  # cases returning to this CJIT area
    region: str | None = None  # cases of this region (its prisons or its areas: scope.py's rule)
    teams: tuple[Team, ...] | None = None  # any of these teams


def _held_by(username: str) -> ColumnElement[bool]:
    """The task is open and its case is held by `username` for the task's team."""
    return and_(
        col(Task.status) == TaskStatus.open.value,
        exists().where(
            col(Allocation.case_id) == col(Task.case_id),
            col(Allocation.team) == col(Task.team),
            col(Allocation.username) == username,
            col(Allocation.ended_at).is_(None),
        ),
    )


def _in_scope(principal: Principal, *, probe: bool) -> ColumnElement[bool]:
    """The task's case is in the caller's scope: probed row by row (`probe`: SQLite then reads
    a page in the work list's index order and stops at its end) or as a set of case ids (what a
    count wants: each case's tasks from the case index)."""
    if principal.role == Role.admin:  # every case is in an admin's scope
        return true()
    if probe:
        return exists().where(col(Case.id) == col(Task.case_id), case_scope(principal))
    return col(Task.case_id).in_(select(col(Case.id)).where(case_scope(principal)))


def task_clauses(principal: Principal, f: TaskFilters) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = [visible_task_clause(principal.role)]
    for column, value in (
        (Task.team, f.team),
        (Task.status, f.status),
        (Task.case_id, f.case_id),
        (Task.kind, f.kind),
    ):
        if value is not None:
            clauses.append(col(column) == str(value))
    if f.assignee is not None:
        clauses.append(_held_by(f.assignee))
    if f.due_before is not None:
        clauses.append(col(Task.due_at) < f.due_before)
    if f.due_from is not None:
        clauses.append(col(Task.due_at) >= f.due_from)
    if f.teams is not None:
        clauses.append(col(Task.team).in_([t.value for t in f.teams]))
    if f.prison is not None:
        held = select(col(Case.id)).where(col(Case.prison) == f.prison)
        clauses.append(col(Task.case_id).in_(held))
    if f.area is not None:
        at = select(col(Case.id)).where(col(Case.destination_area) == f.area)
        clauses.append(col(Task.case_id).in_(at))
    if f.region is not None:
        regional = select(col(Case.id)).where(region_scope(f.region))
        clauses.append(col(Task.case_id).in_(regional))
    return clauses


# The work list's order: soonest due first, then id.
DUE_ORDER = (SortKey(col(Task.due_at)), SortKey(col(Task.id)))


def list_tasks(
    session: Session, principal: Principal, filters: TaskFilters, window: Window
) -> Listing[Task]:
    """Tasks of the cases in the caller's scope, soonest due first."""
    where = task_clauses(principal, filters)
    page = select(Task).where(*where, _in_scope(principal, probe=True))
    rows, next_cursor = keyset_page(session, page, DUE_ORDER, window)
    counted = select(Task).where(*where, _in_scope(principal, probe=False))
    total, exact = capped_count(session, counted)
    return Listing(rows, total, exact, next_cursor)


def assignees(session: Session, tasks: list[Task]) -> dict[int, str]:
    """Task id -> the worker who holds its case for its team now, for the open ones."""
    ids = [t.id for t in tasks if t.status == TaskStatus.open.value and t.id is not None]
    if not ids:
        return {}
    rows = session.execute(
        select(col(Task.id), col(Allocation.username))
        .join(
            Allocation,
            and_(
                col(Allocation.case_id) == col(Task.case_id),
                col(Allocation.team) == col(Task.team),
                col(Allocation.ended_at).is_(None),
            ),
        )
        .where(col(Task.id).in_(ids))
    )
    return {int(task_id): str(username) for task_id, username in rows}


def task_views(session: Session, tasks: list[Task]) -> list[TaskOut]:
    """Tasks as the API shows them, each open one with its assignee."""
    held = assignees(session, tasks)
    return [TaskOut.of(t, held.get(t.id or 0)) for t in tasks]
