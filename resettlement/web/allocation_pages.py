"""Named workers on the pages: naming a team's worker on a case (the same service as PUT
/cases/{id}/allocation/{team}), "My cases" (the cases the signed-in worker holds) and the
workload table of a prison or a CJIT area (GET /workload's numbers)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from resettlement import clock
from resettlement.access.audit import record_reads
from resettlement.access.users import Principal
from resettlement.allocation.inputs import AllocationIn
from resettlement.allocation.workload import cases_held_by, place_for, workload
from resettlement.errors import InvalidInput, NotFound
from resettlement.policy import get_reference
from resettlement.reads.summary import CaseSummary
from resettlement.storage.db import session_scope
from resettlement.vocabulary import PlanParty, Role
from resettlement.web import forms
from resettlement.web.auth import Form, Viewer
from resettlement.web.case_pages import render_case
from resettlement.web.render import redirect, render
from resettlement.web.routing import WebRoute

router = APIRouter(route_class=WebRoute, include_in_schema=False)
LABELS = {"username": "Worker", "reason": "Reason"}
MISSING = {"username": "Select the worker"}


@router.post("/cases/{case_id}/allocation/{team}")
def allocation_submit(
    request: Request, case_id: str, team: str, viewer: Viewer, form: Form
) -> Response:
    if team not in PlanParty.__members__:
        raise NotFound(f"no team {team!r}")
    state = forms.read(form, ["username", "reason"], labels=LABELS, missing=MISSING)
    payload = {k: v for k, v in state.values.items() if v}
    body = forms.validate(state, AllocationIn, payload)
    if body is not None and state.ok:
        try:
            with session_scope() as session:
                done = body.apply(session, principal=viewer, case_id=case_id, team=PlanParty(team))
                name = done.allocation.username
            flash = f"{name} now holds the case for {team.upper()}"
            return redirect(request, f"/cases/{case_id}#workers", flash=flash)
        except InvalidInput as exc:
            state.add_problems(exc.problems)
    state.form_anchor = f"allocate-{team}"
    forms_state = {
        "allocation_values": {team: state.values},
        "allocation_errors": {team: state.errors},
        "error_list": [(f"allocate-{team}", m) for m in state.errors.values()],
    }
    return render_case(request, viewer, case_id, forms_state, 422)


@router.get("/my-cases")
def my_cases(request: Request, viewer: Viewer) -> Response:
    with session_scope(write=False) as session:
        held = cases_held_by(session, viewer.username, now=clock.now())
        record_reads(session, viewer, [h["case"].id for h in held], action="my_cases")
        rows = [{**h, "case": CaseSummary.of(h["case"]).model_dump(mode="json")} for h in held]
    return render(request, "my_cases.html", {"held": rows})


@router.get("/workload")
def workload_page(
    request: Request, viewer: Viewer, prison: str | None = None, area: str | None = None
) -> Response:
    reference = get_reference()
    choose = viewer.role in (Role.rom, Role.admin)
    if choose and not prison and not area:
        return render(request, "workload.html", {**_choices(viewer), "rows": None, "choose": True})
    place = place_for(viewer, prison or None, area or None, reference)
    with session_scope(write=False) as session:
        rows = workload(session, place, now=clock.now())
    name = (
        reference.prisons[place.prison].name
        if place.prison
        else reference.areas[str(place.area)].name
    )
    context = {"rows": rows, "place_name": name, "place": place, "choose": choose}
    return render(request, "workload.html", {**_choices(viewer), **context})


def _choices(viewer: Principal) -> dict[str, Any]:
    """The prisons and areas a ROM (their region's) or an admin (all) may choose from."""
    reference = get_reference()
    region = viewer.scope if viewer.role == Role.rom else None
    return {
        "prisons": [
            (p.code, p.name) for p in reference.prisons.values() if region in (None, p.region)
        ],
        "areas": [(a.code, a.name) for a in reference.areas.values() if region in (None, a.region)],
        "place": None,
    }
