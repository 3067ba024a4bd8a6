"""The team task list (the caller's scope, soonest due first) and marking a task done by hand.

The same service as GET /tasks and POST /tasks/{id}/complete: a task only its cause can close
(an assessment, housing resolved, a signature) has no "Mark done" button and is refused if
posted anyway.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from sqlmodel import col, select

from resettlement import clock
from resettlement.access.audit import record_reads
from resettlement.access.users import Principal
from resettlement.policy import get_reference
from resettlement.reads.today import end_of_today
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Case
from resettlement.tasks.reads import TaskFilters, TaskOut, assignees, list_tasks
from resettlement.tasks.rules import completion_refusal, may_complete
from resettlement.vocabulary import Role, TaskKind, TaskStatus, Team
from resettlement.web.auth import Viewer
from resettlement.web.filters import choices
from resettlement.web.forms import FormState
from resettlement.web.paging import Pager, kept_params, window
from resettlement.web.render import render
from resettlement.web.routing import WebRoute
from resettlement.web.task_links import clear_link

router = APIRouter(route_class=WebRoute, include_in_schema=False)
FILTERS = ("team", "status", "kind", "assignee", "due", "prison", "area", "side", "region")
DUE = {"overdue": "Overdue", "today": "Due today"}
# The custody side's work (everything but the CJIT's), for a ROM's "overdue work in prisons".
CUSTODY_TEAMS = (Team.hacs, Team.carat, Team.probation, Team.rom)
MINE = "me"
ALL = "all"


def _filters(params: dict[str, str], state: FormState, viewer: Principal) -> TaskFilters:
    team, kind = params.get("team", ""), params.get("kind", "")
    team = "" if team == ALL else team
    mine = params.get("assignee", "")
    if mine not in ("", MINE):
        state.add("assignee", "Choose your own tasks or everyone's")
    status = params.get("status", TaskStatus.open.value)
    if team and team not in Team.__members__:
        state.add("team", "Choose a team from the list")
    if kind and kind not in TaskKind.__members__:
        state.add("kind", "Choose a kind of task from the list")
    if status != ALL and status not in TaskStatus.__members__:
        state.add("status", "Choose open, done, closed or all")
    due = params.get("due", "")
    if due and due not in DUE:
        state.add("due", "Choose overdue or due today")
    now = clock.now()
    reference = get_reference()
    prison, area = params.get("prison", ""), params.get("area", "")
    if prison and prison not in reference.prisons:
        state.add("prison", "Choose a prison from the list")
    if area and area not in reference.areas:
        state.add("area", "Choose a CJIT area from the list")
    region = params.get("region", "")
    if region and region not in reference.regions:
        state.add("region", "Choose a region from the list")
    return TaskFilters(
        due_before=end_of_today(clock.today()) if due == "today" else now if due else None,
        due_from=now if due == "today" else None,
        prison=prison if prison and "prison" not in state.errors else None,
        area=area if area and "area" not in state.errors else None,
        region=region if region and "region" not in state.errors else None,
        teams=CUSTODY_TEAMS if params.get("side") == "custody" else None,
        team=Team(team) if team and "team" not in state.errors else None,
        kind=TaskKind(kind) if kind and "kind" not in state.errors else None,
        status=TaskStatus(status) if status in TaskStatus.__members__ else None,
        assignee=viewer.username if mine == MINE else None,
    )


def default_team(viewer: Principal) -> dict[str, str]:
    """The list starts with the viewer's own team's work (a CJIT worker's is the CJIT's)."""
    if viewer.team:
        return {"team": str(viewer.team)}
    return {"team": Team.cjit.value} if viewer.role == Role.cjit_worker else {}


@router.get("/tasks")
def tasks_page(request: Request, viewer: Viewer) -> Response:
    params = {**default_team(viewer), **kept_params(request, *FILTERS)}
    state = FormState(values={"status": TaskStatus.open.value, **params})
    filters = _filters(params, state, viewer)
    now = clock.now()
    with session_scope(write=False) as session:
        listing = list_tasks(session, viewer, filters, window(request))
        rows = listing.rows
        ids = {t.case_id for t in rows}
        record_reads(session, viewer, sorted(ids), action="list_tasks")
        people = session.exec(select(Case).where(col(Case.id).in_(ids))).all() if ids else []
        names = {
            c.id: (f"{c.given_name} {c.family_name}", c.prison_number, c.prison) for c in people
        }
        held = assignees(session, rows)
    items = [
        {
            **TaskOut.of(t, held.get(t.id or 0)).model_dump(),
            "overdue": t.status == TaskStatus.open.value and t.due_at < now,
            "completable": t.status == TaskStatus.open.value
            and may_complete(viewer, t.team)
            and completion_refusal(t.kind) is None,
            "person": names.get(t.case_id, ("", "", "")),
            "clears": clear_link(viewer, t.kind, t.case_id, t.team),
        }
        for t in rows
    ]
    context = {
        "tasks": items,
        "pager": Pager.of(listing, request, params),
        "teams": [(ALL, "All teams"), *choices(Team)],
        "kinds": choices(TaskKind),
        "statuses": [*choices(TaskStatus), (ALL, "All")],
        "whose": [("", "Everyone's"), (MINE, "Mine: the cases I hold")],
        "dues": list(DUE.items()),
        "back": str(request.url.path) + (f"?{request.url.query}" if request.url.query else ""),
        **state.context(),
    }
    return render(request, "tasks.html", context)
