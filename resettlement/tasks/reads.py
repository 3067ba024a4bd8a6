"""Reading tasks: the work list of the cases in the caller's scope, filtered and paged, and the
shape of a task as the API and pages show it.

An open task's assignee is the worker who holds its case for its team now (allocation): the
case's tasks for a team go to its worker, those raised later too, and a worker whose allocation
ends (reallocated, transferred, handed over) no longer has them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict
from sqlalchemy import ColumnElement, Select, and_, exists, select, union_all
from sqlmodel import Session, col

from resettlement.access.scope import case_scope, region_scope, scope_ranges
from resettlement.access.users import Principal
from resettlement.access.visibility import visible_task_clause
from resettlement.paging import Listing, SortKey, Window, capped_count, order_by, page_of
from resettlement.storage.open_task_due import CLOSED_DUE_AT
from resettlement.storage.tables import Allocation, Case, OpenTaskDue, Task
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


def _in_scope(principal: Principal) -> ColumnElement[bool]:
    """The task's case is in the caller's scope, read from the task's own copy of its case's
    scope (storage/task_scope.py): SQLite reads a page in the work list's index order and stops
    at its end; PostgreSQL reads the scope's tasks from their scope indexes and sorts their keys."""
    return case_scope(principal, on=Task)


def _counted(
    session: Session, principal: Principal, where: list[ColumnElement[bool]]
) -> list[Select[Any]]:
    """The same tasks for a count, as disjoint queries that each read one scope range from an
    index, so that a count stops after the cap's worth of entries: on PostgreSQL the tasks'
    own scope indexes; on SQLite, which has none, the cases of the range from the case's index
    and their tasks from ix_task_case_kind (a ROM's 81,000 cases at 1M are never listed)."""
    if principal.role == Role.admin:
        return [select(Task).where(*where)]
    if session.get_bind().dialect.name == "postgresql":
        return [select(Task).where(*where, in_range) for in_range in scope_ranges(principal, Task)]
    joined = select(Task).join(Case, col(Case.id) == col(Task.case_id)).where(*where)
    return [joined.where(in_range) for in_range in scope_ranges(principal)]


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
    # The case's scope as the task holds it (storage/task_scope.py).
    if f.prison is not None:
        clauses.append(col(Task.prison) == f.prison)
    if f.area is not None:
        clauses.append(col(Task.destination_area) == f.area)
    if f.region is not None:
        clauses.append(region_scope(f.region, on=Task))
    return clauses


# The work list's order: soonest due first, then id.
DUE_ORDER = (SortKey(col(Task.due_at)), SortKey(col(Task.id)))
# The same order read from the open tasks' own table and from the others' own column
# (PostgreSQL: storage/open_task_due.py); their cursors are the same (due, id) values.
OPEN_DUE_ORDER = (SortKey(col(OpenTaskDue.due_at)), SortKey(col(OpenTaskDue.task_id)))
CLOSED_DUE_ORDER = (SortKey(CLOSED_DUE_AT.label("due_at")), SortKey(col(Task.id)))


def _page(
    session: Session,
    principal: Principal,
    filters: TaskFilters,
    where: list[ColumnElement[bool]],
    window: Window,
) -> tuple[Select[Any], tuple[SortKey, ...]]:
    """The statement of a page's (due, id) keys (one more than the page), and their order.

    PostgreSQL has no (due, id) index on tasks (it would hold a column an escalation rewrites),
    so a scope's list sorts the scope's keys, not whole rows, read from the scope indexes. The
    admin's national lists have no scope to narrow them: they walk the open tasks' deadlines
    (`open_task_due`), the others' (`closed_due_at`), or both merged, each in order and
    stopping at the page's end."""
    national = principal.role == Role.admin and session.get_bind().dialect.name == "postgresql"
    walks: list[tuple[Any, tuple[SortKey, ...]]] = []
    if national and filters.status in (None, TaskStatus.open):
        walk = select(col(OpenTaskDue.due_at), col(OpenTaskDue.task_id))
        joined = walk.join(Task, col(Task.id) == col(OpenTaskDue.task_id))
        walks.append((joined, OPEN_DUE_ORDER))
    if national and filters.status != TaskStatus.open:
        walk = select(CLOSED_DUE_ORDER[0].column, col(Task.id))
        walks.append((walk.where(CLOSED_DUE_AT.is_not(None)), CLOSED_DUE_ORDER))
    if not walks:
        walks = [(select(col(Task.due_at), col(Task.id)), DUE_ORDER)]
    arms = [
        walk.where(*where, _in_scope(principal), window.start(order))
        .order_by(*order_by(order))
        .limit(window.offset + window.page_size + 1)
        for walk, order in walks
    ]
    if len(arms) == 1:
        return arms[0].offset(window.offset).limit(window.page_size + 1), walks[0][1]
    due, ident = union_all(*arms).subquery().c
    order = (SortKey(due), SortKey(ident))
    keys = select(due, ident).order_by(*order_by(order))
    return keys.offset(window.offset).limit(window.page_size + 1), order


def list_tasks(
    session: Session, principal: Principal, filters: TaskFilters, window: Window
) -> Listing[Task]:
    """Tasks of the cases in the caller's scope, soonest due first."""
    where = task_clauses(principal, filters)
    # The page's keys first, then its rows.
    page, order = _page(session, principal, filters, where, window)
    keys, next_cursor = page_of(list(session.execute(page).all()), order, window.page_size)
    ids = [task_id for _due, task_id in keys]
    found = {t.id: t for t in session.execute(select(Task).where(col(Task.id).in_(ids))).scalars()}
    rows = [found[i] for i in ids if i in found]
    total, exact = capped_count(session, *_counted(session, principal, where))
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
