"""People's work on tasks: completing a task by hand, and tasks done by a write.

A task is seen by whoever may see its case; it is completed by a role whose team it belongs to,
and only while open. Recording the thing a task asks for (an assessment, a referral, a
signature) marks that task done by the person who recorded it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, update
from sqlmodel import Session, col

from resettlement import clock
from resettlement.access.audit import record_refused, record_write
from resettlement.access.scope import case_scope
from resettlement.access.users import Principal
from resettlement.cases.timeline import record
from resettlement.errors import Conflict, Forbidden, InvalidInput, NotFound
from resettlement.policy import Policy
from resettlement.storage.tables import Case, Task
from resettlement.tasks.rules import completion_refusal, may_complete, undo_refusal, undo_window
from resettlement.vocabulary import Action, TaskKind, TaskStatus

MAX_NOTE = 1000


def _task_in_scope(session: Session, principal: Principal, task_id: int) -> Task:
    query = select(Task).join(Case, col(Case.id) == col(Task.case_id))
    task = session.execute(
        query.where(col(Task.id) == task_id, case_scope(principal))
    ).scalar_one_or_none()
    if task is None:
        _refuse_out_of_scope(session, principal, task_id)
        raise NotFound(f"no task {task_id}")
    return task


def complete_task(
    session: Session, *, principal: Principal, task_id: int, note: str | None = None
) -> Task:
    """Mark an open task done by the caller (404 outside scope, 403 other team's, 409 not open),
    with the caller's note of what was done (on the timeline, the team's own free text)."""
    note = (note or "").strip() or None
    if note is not None and len(note) > MAX_NOTE:  # refused, never cut short
        raise InvalidInput.one("note", f"must be {MAX_NOTE} characters or fewer")
    task = _task_in_scope(session, principal, task_id)
    if not may_complete(principal, task.team):
        raise Forbidden(f"a {principal.role.value} may not complete a {task.team} task")
    if task.status != TaskStatus.open.value:
        raise Conflict(f"task {task_id} is already {task.status}")
    refusal = completion_refusal(task.kind)
    if refusal:
        raise Conflict(refusal)
    record_write(session, principal, task.case_id, Action.complete_task.value)
    if not complete_tasks(session, case_id=task.case_id, by=principal.username, ids=[task_id]):
        raise Conflict(f"task {task_id} was completed meanwhile by someone else")
    record(
        session,
        case_id=task.case_id,
        kind="task_completed",
        actor=principal.username,
        data={
            "task_id": task_id,
            "kind": task.kind,
            "team": task.team,
            "notes": note,
        },
    )
    session.refresh(task)
    return task


def undo_completion(
    session: Session, *, principal: Principal, task_id: int, policy: Policy
) -> Task:
    """Open again a task the caller marked done by hand within policy tasks.undo_done_minutes;
    anyone else's, a task not done, or later, is refused (409); outside scope 404."""
    task = _task_in_scope(session, principal, task_id)
    refusal = undo_refusal(
        status=task.status,
        completed_by=task.completed_by,
        closed_at=task.closed_at,
        username=principal.username,
        now=clock.now(),
        window=undo_window(policy),
    )
    if refusal:
        raise Conflict(refusal)
    at = clock.now()
    session.execute(
        update(Task)
        .where(col(Task.id) == task_id, col(Task.status) == TaskStatus.done.value)
        .values(status=TaskStatus.open.value, completed_by=None, closed_at=None, updated_at=at)
        .execution_options(synchronize_session=False)
    )
    record_write(session, principal, task.case_id, Action.complete_task.value)
    record(
        session,
        case_id=task.case_id,
        kind="task_reopened",
        actor=principal.username,
        data={"task_id": task_id, "kind": task.kind, "team": task.team},
    )
    session.refresh(task)
    return task


def _refuse_out_of_scope(session: Session, principal: Principal, task_id: int) -> None:
    case_id = session.execute(select(col(Task.case_id)).where(col(Task.id) == task_id)).scalar()
    if case_id is not None:
        record_refused(principal, case_id, Action.complete_task.value)


def complete_tasks(
    session: Session,
    *,
    case_id: str,
    by: str,
    kinds: Iterable[TaskKind] | None = None,
    ids: Iterable[int] | None = None,
    team: str | None = None,
) -> int:
    """Mark a case's open tasks (of these kinds / ids / team) done by `by`; returns how many."""
    at = clock.now()
    statement = (
        update(Task)
        .where(col(Task.case_id) == case_id, col(Task.status) == TaskStatus.open.value)
        .values(status=TaskStatus.done.value, completed_by=by, closed_at=at, updated_at=at)
        .execution_options(synchronize_session=False)
    )
    if kinds is not None:
        statement = statement.where(col(Task.kind).in_([k.value for k in kinds]))
    if ids is not None:
        statement = statement.where(col(Task.id).in_(list(ids)))
    if team is not None:
        statement = statement.where(col(Task.team) == team)
    return int(session.execute(statement).rowcount or 0)  # type: ignore[attr-defined]
