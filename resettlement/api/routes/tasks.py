"""GET /tasks (the caller's scoped work list) and POST /tasks/{id}/complete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from resettlement.access.audit import record_reads
from resettlement.api.deps import Caller, ReadDB, WriteDB
from resettlement.api.routes.cases import CursorQ, PageNo, PageSize
from resettlement.api.schemas import Page
from resettlement.paging import Window
from resettlement.tasks.commands import complete_task
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


@router.post("/tasks/{task_id}/complete", response_model=TaskOut)
def complete(
    task_id: Annotated[int, Path(ge=1, le=2**31 - 1)], caller: Caller, session: WriteDB
) -> TaskOut:
    """Mark an open task done (by a role whose team it is; not a task only its cause closes)."""
    return TaskOut.of(complete_task(session, principal=caller, task_id=task_id))
