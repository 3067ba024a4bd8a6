"""Needs on the case's pages: recording a need from the catalogue and updating one, with the
same request models and services as POST and PUT /cases/{id}/needs; each need's page shows its
dated updates as the viewer may see them (consent and need-to-know applied)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlmodel import Session

from resettlement.access.users import Principal
from resettlement.access.visibility import need_visible, view_for
from resettlement.errors import NotFound
from resettlement.needs.catalogue import get_catalogue
from resettlement.needs.inputs import NeedIn, NeedUpdateIn
from resettlement.needs.rules import owners_for
from resettlement.reads.case_view import needs_for
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Case
from resettlement.vocabulary import FINAL_STAGES, Action, NeedStatus, Stage
from resettlement.web import forms
from resettlement.web.auth import Form, Viewer
from resettlement.web.case_pages import case_form_page
from resettlement.web.filters import choices, words
from resettlement.web.render import redirect
from resettlement.web.routing import WebRoute

router = APIRouter(route_class=WebRoute, include_in_schema=False)
LABELS = {"need": "Need", "owner": "Who holds it", "status": "Status", "note": "Note"}
MISSING = {
    "need": "Select the need",
    "owner": "Select who holds the need",
    "status": "Select where the need stands",
}


def _choices(viewer: Principal) -> Callable[[Session, Case], dict[str, Any]]:
    """The catalogue as the viewer may record it, by pathway, and the owners they may name."""

    def more(_session: Session, case: Case) -> dict[str, Any]:
        view = view_for(viewer.role, consent_share_cjit=case.consent_share_cjit)
        options = [
            (words(pathway.value), [(f"{pathway.value}:{n.code}", n.title) for n in needs])
            for pathway, needs in get_catalogue().choices()
            if need_visible(pathway.value, view)
        ]
        owners = [(p.value, words(p.value)) for p in owners_for(viewer)]
        return {"need_options": options, "owners": owners}

    return more


@router.get("/cases/{case_id}/needs/new")
def new_need_form(request: Request, case_id: str, viewer: Viewer) -> Response:
    return case_form_page(
        request, viewer, case_id, "need_form.html", {}, action=Action.need, more=_choices(viewer)
    )


@router.post("/cases/{case_id}/needs")
def new_need_submit(request: Request, case_id: str, viewer: Viewer, form: Form) -> Response:
    state = forms.read(form, ["need", "owner"], labels=LABELS, missing=MISSING)
    pathway, _, code = state.values["need"].partition(":")
    payload = {"pathway": pathway, "need": code, "owner": state.values["owner"]}
    body = forms.validate(state, NeedIn, {k: v for k, v in payload.items() if v})
    if "pathway" in state.errors:  # the pathway is chosen with the need
        state.errors.setdefault("need", state.errors.pop("pathway"))
    if body is not None and state.ok:
        with forms.refusals(state):
            with session_scope() as session:
                body.apply(session, principal=viewer, case_id=case_id)
            title = get_catalogue().title(pathway, code)
            return redirect(request, f"/cases/{case_id}#needs", flash=f"Need recorded: {title}")
    return case_form_page(
        request,
        viewer,
        case_id,
        "need_form.html",
        state.context(),
        action=Action.need,
        status=422,
        more=_choices(viewer),
    )


def _need(viewer: Principal, need_id: str) -> Callable[[Session, Case], dict[str, Any]]:
    """The need as the viewer may see it (404 when they may not), and whether they may update it."""

    def more(session: Session, case: Case) -> dict[str, Any]:
        need = next((n for n in needs_for(session, viewer, case) if n["id"] == need_id), None)
        if need is None:
            raise NotFound(f"no need {need_id}")
        owners = {p.value for p in owners_for(viewer)}
        writable = Stage(case.stage) not in FINAL_STAGES and need["owner"] in owners
        return {"need": need, "writable": writable, "statuses": choices(NeedStatus)}

    return more


@router.get("/cases/{case_id}/needs/{need_id}")
def need_page(request: Request, case_id: str, need_id: str, viewer: Viewer) -> Response:
    return case_form_page(
        request, viewer, case_id, "need.html", {}, action=None, more=_need(viewer, need_id)
    )


@router.post("/cases/{case_id}/needs/{need_id}")
def need_update_submit(
    request: Request, case_id: str, need_id: str, viewer: Viewer, form: Form
) -> Response:
    state = forms.read(form, ["status", "note"], labels=LABELS, missing=MISSING)
    payload = {"status": state.values["status"], "note": state.values["note"]}
    body = forms.validate(state, NeedUpdateIn, {k: v for k, v in payload.items() if v})
    if body is not None and state.ok:
        with forms.refusals(state):
            with session_scope() as session:
                need = body.apply(session, principal=viewer, case_id=case_id, need_id=need_id)
                done = f"Need updated: {words(need.status)}"
            return redirect(request, f"/cases/{case_id}#needs", flash=done)
    return case_form_page(
        request,
        viewer,
        case_id,
        "need.html",
        state.context(),
        action=Action.need,
        status=422,
        more=_need(viewer, need_id),
    )
