"""Marking a task done by hand with a note of what was done, and undoing it for a short time
(policy tasks.undo_done_minutes): the same services as POST /tasks/{id}/complete."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response

from resettlement import clock
from resettlement.access.permissions import require
from resettlement.access.users import Principal
from resettlement.cases.lookup import get_case
from resettlement.errors import Forbidden, NotFound
from resettlement.policy import get_policy
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Task
from resettlement.tasks.commands import complete_task, undo_completion
from resettlement.tasks.inputs import CompleteIn
from resettlement.tasks.rules import completion_refusal, may_complete, undo_refusal, undo_window
from resettlement.vocabulary import Action
from resettlement.web import forms
from resettlement.web.auth import Form, Viewer, text
from resettlement.web.render import redirect, render
from resettlement.web.routing import WebRoute, safe_next

router = APIRouter(route_class=WebRoute, include_in_schema=False)
MAX_TASK_ID = 2**31 - 1
LABELS = {"note": "Note"}


def _task_id(raw: str) -> int:
    if not raw.isdecimal() or int(raw) > MAX_TASK_ID:
        raise NotFound(f"no task {raw}")
    return int(raw)


def _own_task(viewer: Principal, task_id: int) -> dict[str, object]:
    """A task of the viewer's own team on a case in scope (404 outside it, 403 another team's)."""
    with session_scope(write=False) as session:
        task = session.get(Task, task_id)
        if task is None:
            raise NotFound(f"no task {task_id}")
        case = get_case(session, viewer, task.case_id, action="read_form")
        require(viewer, Action.complete_task)
        if not may_complete(viewer, task.team):
            raise Forbidden(f"a {viewer.role.value} may not complete a {task.team} task")
        return {
            "id": task.id,
            "title": task.title,
            "status": task.status,
            "completed_by": task.completed_by,
            "closed_at": task.closed_at,
            "case_id": case.id,
            "name": f"{case.given_name} {case.family_name}",
            "manual": completion_refusal(task.kind) is None,
        }


@router.get("/tasks/{task_id}/complete")
def complete_form(request: Request, task_id: str, viewer: Viewer) -> Response:
    task = _own_task(viewer, _task_id(task_id))
    back = safe_next(request.query_params.get("back", ""), "/tasks")
    return render(request, "task_complete.html", {"task": task, "back": back})


@router.post("/tasks/{task_id}/complete")
def task_complete(request: Request, task_id: str, viewer: Viewer, form: Form) -> Response:
    """The note is checked by the API's own request model: too long is refused on the form
    (the text kept), never cut short."""
    number = _task_id(task_id)
    back = safe_next(text(form, "back"), "/tasks")
    state = forms.read(form, ["note"], labels=LABELS)
    body = forms.validate(state, CompleteIn, {"note": state.values["note"] or None})
    if body is not None:  # a refusal by the service (409: no longer open) is its own page
        with session_scope() as session:
            complete_task(session, principal=viewer, task_id=number, note=body.note)
        return redirect(request, f"/tasks/{number}/done?" + urlencode({"back": back}))
    task = _own_task(viewer, number)
    context = {"task": task, "back": back, **state.context()}
    return render(request, "task_complete.html", context, status=422)


@router.get("/tasks/{task_id}/done")
def done_page(request: Request, task_id: str, viewer: Viewer) -> Response:
    task = _own_task(viewer, _task_id(task_id))
    refusal = undo_refusal(
        status=str(task["status"]),
        completed_by=task["completed_by"],  # type: ignore[arg-type]
        closed_at=task["closed_at"],  # type: ignore[arg-type]
        username=viewer.username,
        now=clock.now(),
        window=undo_window(get_policy()),
    )
    context = {
        "task": task,
        "undoable": refusal is None,
        "minutes": get_policy().tasks.undo_done_minutes,
        "back": safe_next(request.query_params.get("back", ""), "/tasks"),
    }
    return render(request, "task_done.html", context)


@router.post("/tasks/{task_id}/undo")
def undo(request: Request, task_id: str, viewer: Viewer, form: Form) -> Response:
    number = _task_id(task_id)
    with session_scope() as session:
        task = undo_completion(session, principal=viewer, task_id=number, policy=get_policy())
        title = task.title
    back = safe_next(text(form, "back"), "/tasks")
    return redirect(request, back, flash=f"Task opened again: {title}")
