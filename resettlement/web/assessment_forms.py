"""The HACS reception assessment and CARAT assessment forms (prison staff).

Each form is checked by the API's request model and then recorded by the same service as
POST /cases/{id}/hacs-assessment (or carat-assessment), in one transaction: a refusal leaves
nothing written and shows the form again with every problem named.
"""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import APIRouter, Request, Response

from resettlement.assessment.common import AssessmentResult
from resettlement.assessment.inputs import CaratAssessmentIn, HacsAssessmentIn
from resettlement.policy import get_policy, get_reference
from resettlement.storage.db import session_scope
from resettlement.vocabulary import (
    Action,
    HousingStatus,
    LandlordType,
    RiskFactor,
    SpectrumStage,
    SupportLevel,
    TriageOutcome,
)
from resettlement.web import forms
from resettlement.web.auth import Form, Viewer, text
from resettlement.web.case_pages import case_form_page
from resettlement.web.filters import choices
from resettlement.web.render import redirect
from resettlement.web.routing import WebRoute

router = APIRouter(route_class=WebRoute, include_in_schema=False)
# What each assessment form asks before it opens (access/permissions.py decides who may);
# task_links.py asks the same before linking to it.
HACS, CARAT = Action.hacs_assessment, Action.carat_assessment

HACS_LABELS = {
    "housing_status": "Housing status at reception",
    "has_tenancy": "Tenancy held at reception",
    "tenancy.landlord_type": "Landlord",
    "tenancy.rent_weekly": "Weekly rent",
    "tenancy.arrears": "Arrears",
    "tenancy.housing_benefit": "Housing benefit",
    "tenancy.custody_start": "First day in custody",
    "threatened_with_homelessness": "Threatened with homelessness",
    "duty_to_refer_consent": "Consent to refer",
    "destination_area": "Area they will return to",
    "support_need": "Support they need",
    "risk_factors": "Risk factors",
    "notes": "Notes",
}
HACS_MISSING = {
    "housing_status": "Select the housing status at reception",
    "has_tenancy": "Select yes if they held a tenancy at reception",
    "tenancy.landlord_type": "Select the type of landlord",
    "tenancy.rent_weekly": "Enter the weekly rent",
    "tenancy.housing_benefit": "Select yes if housing benefit is paid",
    "threatened_with_homelessness": "Select yes if they are threatened with homelessness",
    "duty_to_refer_consent": "Select yes if they consent to a referral",
}
CARAT_LABELS = {
    "drug_need": "Drug need",
    "spectrum_stage": "Spectrum of need",
    "consent_share_cjit": "Consent to share with the CJIT",
    "triage_outcome": "Triage outcome",
    "care_plan": "Care plan",
    "notes": "Notes",
}
CARAT_MISSING = {
    "drug_need": "Select yes if they have a drug need",
    "consent_share_cjit": "Select yes if they consent to share with the CJIT",
}


def _options() -> dict[str, Any]:
    areas = sorted(get_reference().areas.values(), key=lambda a: a.name)
    return {
        "housing_statuses": choices(HousingStatus),
        "landlord_types": choices(LandlordType),
        "spectrum_stages": choices(SpectrumStage),
        "triage_outcomes": choices(TriageOutcome),
        "support_levels": choices(SupportLevel),
        "risk_factors": choices(RiskFactor),
        "areas": [(a.code, a.name) for a in areas],
        "dtr_days": get_policy().housing.duty_to_refer_window_days,
    }


def _money(text: str) -> str:
    return text.replace("£", "").replace(",", "").strip()


def _put(payload: dict[str, Any], key: str, value: Any) -> None:
    if value is not None and value != "":
        payload[key] = value


def _key(form: Any = None) -> dict[str, str]:
    """The form's submission key: new for a new form, kept when it is shown again. Sent twice
    (a double click, a resubmitted page), one assessment is recorded."""
    sent = text(form, "submission_key")[:64] if form is not None else ""
    return {"submission_key": sent or secrets.token_urlsafe(16)}


def _done(result: AssessmentResult, what: str) -> str:
    return " ".join([f"{what} recorded.", *result.messages]).strip()


@router.get("/cases/{case_id}/hacs-assessment")
def hacs_form(request: Request, case_id: str, viewer: Viewer) -> Response:
    context = {**_options(), **_key()}
    return case_form_page(request, viewer, case_id, "hacs_form.html", context, action=HACS)


@router.post("/cases/{case_id}/hacs-assessment")
def hacs_submit(request: Request, case_id: str, viewer: Viewer, form: Form) -> Response:
    state = forms.read(
        form, HACS_LABELS, labels=HACS_LABELS, missing=HACS_MISSING, dates=["tenancy.custody_start"]
    )
    payload: dict[str, Any] = {}
    for name in ("threatened_with_homelessness", "duty_to_refer_consent"):
        _put(payload, name, forms.yes_no(state, name))
    for name in ("housing_status", "destination_area", "support_need", "notes"):
        _put(payload, name, forms.optional(state, name))
    payload["risk_factors"] = forms.many(form, state, "risk_factors")
    has_tenancy = forms.yes_no(state, "has_tenancy")
    if has_tenancy is None:
        state.add("has_tenancy", HACS_MISSING["has_tenancy"])
    elif has_tenancy:
        tenancy: dict[str, Any] = {}
        _put(tenancy, "landlord_type", forms.optional(state, "tenancy.landlord_type"))
        _put(tenancy, "rent_weekly", _money(state.values["tenancy.rent_weekly"]))
        _put(tenancy, "arrears", _money(state.values["tenancy.arrears"]))
        _put(tenancy, "housing_benefit", forms.yes_no(state, "tenancy.housing_benefit"))
        _put(tenancy, "custody_start", forms.date_value(state, "tenancy.custody_start"))
        payload["tenancy"] = tenancy
    body = forms.validate(state, HacsAssessmentIn, payload)
    if body is not None and state.ok:
        with forms.refusals(state):
            with session_scope() as session:
                result = body.apply(
                    session,
                    principal=viewer,
                    case_id=case_id,
                    policy=get_policy(),
                    reference=get_reference(),
                    submission_key=_key(form)["submission_key"],
                )
            return redirect(request, f"/cases/{case_id}", flash=_done(result, "HACS assessment"))
    context = {**_options(), **state.context(), **_key(form)}
    return case_form_page(
        request, viewer, case_id, "hacs_form.html", context, action=HACS, status=422
    )


@router.get("/cases/{case_id}/carat-assessment")
def carat_form(request: Request, case_id: str, viewer: Viewer) -> Response:
    context = {**_options(), **_key()}
    return case_form_page(request, viewer, case_id, "carat_form.html", context, action=CARAT)


@router.post("/cases/{case_id}/carat-assessment")
def carat_submit(request: Request, case_id: str, viewer: Viewer, form: Form) -> Response:
    state = forms.read(form, CARAT_LABELS, labels=CARAT_LABELS, missing=CARAT_MISSING)
    payload: dict[str, Any] = {}
    for name in ("drug_need", "consent_share_cjit"):
        _put(payload, name, forms.yes_no(state, name))
    for name in ("spectrum_stage", "triage_outcome", "care_plan", "notes"):
        _put(payload, name, forms.optional(state, name))
    body = forms.validate(state, CaratAssessmentIn, payload)
    if body is not None and state.ok:
        with forms.refusals(state):
            with session_scope() as session:
                key = _key(form)["submission_key"]
                result = body.apply(session, principal=viewer, case_id=case_id, submission_key=key)
            return redirect(request, f"/cases/{case_id}", flash=_done(result, "CARAT assessment"))
    context = {**_options(), **state.context(), **_key(form)}
    return case_form_page(
        request, viewer, case_id, "carat_form.html", context, action=CARAT, status=422
    )
