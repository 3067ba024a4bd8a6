"""The case page's place forms: request a place at a service, and the provider's answer, the
confirmation and the end of a placement (the same request bodies and commands as the API).

A form with a problem comes back on the case page (422, each field named); a move the
placement cannot make now, or a confirmation with no free place left, comes back as a 409
with the reason.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from resettlement.access.users import Principal
from resettlement.errors import NotFound
from resettlement.placements import commands
from resettlement.placements.inputs import DeclineIn, EndIn, PlacementIn
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Placement
from resettlement.web import forms
from resettlement.web.auth import Form, Viewer
from resettlement.web.case_pages import render_case
from resettlement.web.render import redirect
from resettlement.web.routing import WebRoute

router = APIRouter(route_class=WebRoute, include_in_schema=False)
LABELS = {
    "service_id": "Service",
    "start_date": "First night of the place",
    "end_date": "First day the place is free again",
    "reason": "Reason",
}
MISSING = {
    "start_date": "Enter the first night of the place",
    "end_date": "Enter the first day the place is free again",
    "reason": "Enter the reason",
}
DONE = {
    "offer": "Offer recorded",
    "decline": "Decline recorded",
    "confirm": "Place confirmed: it is the release-night accommodation now",
    "end": "Placement ended",
}


def _back(request: Request, viewer: Principal, case_id: str, key: str, state: Any) -> Response:
    """The case page again with this form's problems (409 for a refusal of the whole move)."""
    conflict = state.errors.get("")
    fields = {k: v for k, v in state.errors.items() if k}
    anchors = [
        (f"{key}-{name}-day" if name in state.date_fields else f"{key}-{name}", message)
        for name, message in fields.items()
    ]
    extra = {
        "place_values": {key: state.values},
        "place_errors": {key: fields, **({"": conflict} if conflict else {})},
        "error_list": anchors or [("places", conflict)],
    }
    return render_case(request, viewer, case_id, extra, 409 if conflict and not fields else 422)


@router.post("/cases/{case_id}/placements")
def request_place(request: Request, case_id: str, viewer: Viewer, form: Form) -> Response:
    state = forms.read(form, ["service_id"], labels=LABELS, missing=MISSING, dates=["start_date"])
    key = f"request-{state.values['service_id']}"
    payload = {
        "service_id": state.values["service_id"],
        "start_date": forms.date_value(state, "start_date", required=True),
    }
    if state.ok:
        body = forms.validate(state, PlacementIn, payload)
        if body is not None:
            with forms.refusals(state):
                with session_scope() as session:
                    _row, new = body.apply(session, principal=viewer, case_id=case_id)
                done = "Place requested" if new else "That place was already requested"
                return redirect(request, f"/cases/{case_id}#places", flash=done)
    return _back(request, viewer, case_id, key, state)


def _same_case(row: Placement, case_id: str) -> None:
    """The placement is one of this case's (else 404: the address names another case)."""
    if row.case_id != case_id:
        raise NotFound(f"no placement of case {case_id}")


@router.post("/cases/{case_id}/placements/{placement_id}/{move}")
def move_place(
    request: Request, case_id: str, placement_id: str, move: str, viewer: Viewer, form: Form
) -> Response:
    if move not in DONE:
        raise NotFound(f"no move {move!r}")
    key = f"{move}-{placement_id}"
    names = {"decline": ["reason"], "end": ["reason"]}.get(move, [])
    dates = ["end_date"] if move == "end" else []
    state = forms.read(form, names, labels=LABELS, missing=MISSING, dates=dates)
    payload: dict[str, Any] = {n: state.values[n] for n in names if state.values[n]}
    if move == "end":
        payload["end_date"] = forms.date_value(state, "end_date", required=True)
    body: DeclineIn | EndIn | None = None
    if move == "decline" and state.ok:
        body = forms.validate(state, DeclineIn, payload)
    elif move == "end" and state.ok:
        body = forms.validate(state, EndIn, payload)
    if state.ok:
        with forms.refusals(state):
            with session_scope() as session:
                if move == "offer":
                    row = commands.offer(session, principal=viewer, placement_id=placement_id)
                elif move == "confirm":
                    row = commands.confirm(session, principal=viewer, placement_id=placement_id)
                else:
                    assert body is not None
                    row = body.apply(session, principal=viewer, placement_id=placement_id)
                _same_case(row, case_id)
            return redirect(request, f"/cases/{case_id}#places", flash=DONE[move])
    return _back(request, viewer, case_id, key, state)
