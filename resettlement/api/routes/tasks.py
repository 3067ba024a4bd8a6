"""GET /tasks (the caller's scoped work list), POST /tasks/{id}/complete (with an optional note)
and POST /tasks/{id}/undo (its author, within policy tasks.undo_done_minutes)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path, Query

from resettlement.access.audit import record_reads
from resettlement.api.deps import Caller, ReadDB, WriteDB
from resettlement.api.routes.cases import CursorQ, PageNo, PageSize
from resettlement.api.schemas import Page
from resettlement.paging import Window
from resettlement.policy import get_policy
from resettlement.tasks.commands import complete_task, undo_completion
from resettlement.tasks.inputs import CompleteIn
from resettlement.tasks.reads import TaskFilters, TaskOut, list_tasks, task_views
from resettlement.vocabulary import TaskKind, TaskStatus, Team

router = APIRouter(tags=["tasks"])


@router.get("/tasks", response_model=Page[TaskOut])
def tasks(
    caller: Caller,
    session: ReadDB,
    team: Team | None = None,
    status: TaskStatus | None = None,
    case_id: Annotated[str | None, Query(max_length=36)] = None,
    kind: TaskKind | None = None,
    assignee: Annotated[
        str | None,
        Query(
            max_length=100,
            description="`me`, or a username: the open tasks of the cases "
            "they hold for the task's team",
        ),
    ] = None,
    page: PageNo = 1,
    page_size: PageSize = 50,
    cursor: CursorQ = None,
) -> Page[TaskOut]:
    """Tasks of the cases in the caller's scope, soonest due first."""
    who = caller.username if assignee == "me" else assignee
    filters = TaskFilters(team=team, status=status, case_id=case_id, kind=kind, assignee=who)
    listing = list_tasks(session, caller, filters, Window(page, page_size, cursor))
    rows = listing.rows
    record_reads(session, caller, dict.fromkeys(t.case_id for t in rows), action="list_tasks")
    return Page.of(listing, task_views(session, rows))


TaskId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.post("/tasks/{task_id}/complete", response_model=TaskOut)
def complete(
    task_id: TaskId,
    caller: Caller,
    session: WriteDB,
    body: Annotated[CompleteIn | None, Body()] = None,
) -> TaskOut:
    """Mark an open task done (by a role whose team it is; not a task only its cause closes).
    An optional `{"note": "..."}` says what was done: it goes on the case's timeline as the
    team's own free text (seen as access/visibility.py allows)."""
    note = body.note if body is not None else None
    return TaskOut.of(complete_task(session, principal=caller, task_id=task_id, note=note))


@router.post(
    "/tasks/{task_id}/undo",
    response_model=TaskOut,
    responses={409: {"description": "not done, done by someone else, or too late to undo"}},
)
def undo(task_id: TaskId, caller: Caller, session: WriteDB) -> TaskOut:
    """Open again a task the caller marked done within `tasks.undo_done_minutes` (policy);
    409 when it is not done, someone else marked it done, or the time has passed."""
    policy = get_policy()
    return TaskOut.of(undo_completion(session, principal=caller, task_id=task_id, policy=policy))
