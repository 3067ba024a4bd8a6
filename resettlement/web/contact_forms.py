"""The person's contact form: a mobile number (personal data) and consent to text reminders.
Same request model and service as PUT /cases/{id}/contact."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from resettlement.contact.inputs import ContactIn
from resettlement.contact.reads import contact_of
from resettlement.storage.db import session_scope
from resettlement.vocabulary import Action
from resettlement.web import forms
from resettlement.web.auth import Form, Viewer
from resettlement.web.case_pages import case_form_page
from resettlement.web.render import redirect
from resettlement.web.routing import WebRoute

router = APIRouter(route_class=WebRoute, include_in_schema=False)
LABELS = {"mobile_number": "Mobile number", "sms_consent": "Text reminders"}
MISSING = {"sms_consent": "Select yes if the person agrees to text reminders"}


def _current(case_id: str) -> dict[str, str]:
    with session_scope(write=False) as session:
        contact = contact_of(session, case_id)
    return {
        "mobile_number": contact.mobile_number or "",
        "sms_consent": "yes" if contact.sms_consent else "no",
    }


@router.get("/cases/{case_id}/contact")
def contact_form(request: Request, case_id: str, viewer: Viewer) -> Response:
    """The form, with what is recorded (shown only once scope and role are checked)."""
    context = {"values": _current(case_id)}
    return case_form_page(
        request, viewer, case_id, "contact_form.html", context, action=Action.contact
    )


@router.post("/cases/{case_id}/contact")
def contact_submit(request: Request, case_id: str, viewer: Viewer, form: Form) -> Response:
    state = forms.read(form, list(LABELS), labels=LABELS, missing=MISSING)
    payload: dict[str, Any] = {"mobile_number": forms.optional(state, "mobile_number")}
    consent = forms.yes_no(state, "sms_consent")
    if consent is not None:
        payload["sms_consent"] = consent
    body = forms.validate(state, ContactIn, payload)
    if body is not None and state.ok:
        with forms.refusals(state):
            with session_scope() as session:
                body.apply(session, principal=viewer, case_id=case_id)
            return redirect(request, f"/cases/{case_id}#contact", flash="Contact recorded")
    return case_form_page(
        request,
        viewer,
        case_id,
        "contact_form.html",
        state.context(),
        action=Action.contact,
        status=422,
    )
