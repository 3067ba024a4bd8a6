"""Housing forms: the release-night arrangement, the duty-to-refer referral and its outcome,
and recording that the person withdrew a consent. Same request models and services as the API."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request, Response

from resettlement.cases.lookup import get_case
from resettlement.consent.records import withdraw_consent
from resettlement.duty_to_refer.commands import current_referral
from resettlement.duty_to_refer.inputs import ReferralIn, ReferralOutcomeIn
from resettlement.housing.inputs import AccommodationIn
from resettlement.policy import get_policy, get_reference
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Accommodation
from resettlement.vocabulary import Action, ConsentMethod, HousingStatus, ReferralOutcome
from resettlement.web import forms
from resettlement.web.auth import Form, Viewer, text
from resettlement.web.case_pages import case_form_page
from resettlement.web.filters import choices, govuk_date
from resettlement.web.render import redirect
from resettlement.web.routing import WebRoute

router = APIRouter(route_class=WebRoute, include_in_schema=False)

# What the accommodation and referral forms ask before they open (access/permissions.py decides
# who may); task_links.py asks the same before linking to them.
ACCOMMODATION, REFERRAL = Action.accommodation, Action.duty_to_refer
ACCOMMODATION_LABELS = {
    "housing_status": "Housing status",
    "address": "Address",
    "provider": "Provider or landlord",
    "start_date": "Start date",
    "confirmed": "Confirmed",
}
ACCOMMODATION_MISSING = {
    "housing_status": "Select the type of accommodation",
    "confirmed": "Select yes if the arrangement is confirmed",
}
REFERRAL_LABELS = {
    "local_authority": "Local housing authority",
    "referred_on": "Date referred",
    "reference": "Reference",
    "outcome": "Outcome",
    "outcome_on": "Date of the outcome",
}
REFERRAL_MISSING = {
    "local_authority": "Select the local housing authority",
    "referred_on": "Enter the date of the referral",
    "reference": "Enter the authority's reference",
    "outcome": "Select the outcome",
    "outcome_on": "Enter the date of the outcome",
}


def unresolved_reason(ready: date | None, release: date | None) -> str:
    """Why a recorded arrangement still leaves housing unresolved, in words."""
    if ready is None:
        return "the arrangement is not confirmed with an address, a provider and a start date."
    if release is None:
        return "there is no release date to compare the start date with."
    return (
        f"it starts on {govuk_date(ready)}, after the release date ({govuk_date(release)}). "
        "The person needs somewhere to sleep on release night."
    )


def _put(payload: dict[str, Any], key: str, value: Any) -> None:
    if value is not None and value != "":
        payload[key] = value


def _current_values(case_id: str, viewer: Any) -> dict[str, str]:
    """The arrangement already recorded, as form values (so that a change starts from it)."""
    with session_scope(write=False) as session:
        row = session.get(Accommodation, get_case(session, viewer, case_id).id)
    if row is None:
        return {}
    values = {
        "housing_status": row.housing_status,
        "address": row.address,
        "provider": row.provider,
        "confirmed": "yes" if row.confirmed else "no",
    }
    if row.start_date:
        start = row.start_date
        parts = (start.day, start.month, start.year)
        for part, number in zip(forms.DATE_PARTS, parts, strict=True):
            values[f"start_date-{part}"] = str(number)
    return values


@router.get("/cases/{case_id}/accommodation")
def accommodation_form(request: Request, case_id: str, viewer: Viewer) -> Response:
    context = {"statuses": choices(HousingStatus), "values": _current_values(case_id, viewer)}
    return case_form_page(
        request, viewer, case_id, "accommodation_form.html", context, action=ACCOMMODATION
    )


@router.post("/cases/{case_id}/accommodation")
def accommodation_submit(request: Request, case_id: str, viewer: Viewer, form: Form) -> Response:
    state = forms.read(
        form,
        ACCOMMODATION_LABELS,
        labels=ACCOMMODATION_LABELS,
        missing=ACCOMMODATION_MISSING,
        dates=["start_date"],
    )
    payload: dict[str, Any] = {}
    for name in ("housing_status", "address", "provider"):
        _put(payload, name, forms.optional(state, name))
    _put(payload, "confirmed", forms.yes_no(state, "confirmed"))
    _put(payload, "start_date", forms.date_value(state, "start_date"))
    body = forms.validate(state, AccommodationIn, payload)
    if body is not None and state.ok:
        with forms.refusals(state):
            with session_scope() as session:
                result = body.apply(session, principal=viewer, case_id=case_id)
            if result.housing_resolved:
                done = "Accommodation recorded. Housing is resolved."
                return redirect(request, f"/cases/{case_id}", flash=done)
            why = unresolved_reason(result.case.housing_ready_from, result.case.release_date)
            warning = f"Accommodation recorded, but housing is not resolved: {why}"
            return redirect(request, f"/cases/{case_id}", warning=warning)
    context = {"statuses": choices(HousingStatus), **state.context()}
    return case_form_page(
        request,
        viewer,
        case_id,
        "accommodation_form.html",
        context,
        action=ACCOMMODATION,
        status=422,
    )


def _referral_context(case_id: str, viewer: Any) -> dict[str, Any]:
    with session_scope(write=False) as session:
        referral = current_referral(session, get_case(session, viewer, case_id))
    areas = sorted(get_reference().areas.values(), key=lambda a: a.name)
    return {
        "referral": referral.model_dump(mode="json") if referral else None,
        "areas": [(a.code, a.name) for a in areas],
        "outcomes": choices(ReferralOutcome),
    }


@router.get("/cases/{case_id}/referral")
def referral_form(request: Request, case_id: str, viewer: Viewer) -> Response:
    context = _referral_context(case_id, viewer)
    return case_form_page(request, viewer, case_id, "referral_form.html", context, action=REFERRAL)


@router.post("/cases/{case_id}/referral")
def referral_submit(request: Request, case_id: str, viewer: Viewer, form: Form) -> Response:
    context = _referral_context(case_id, viewer)
    outcome_form = context["referral"] is not None
    dates = ["outcome_on"] if outcome_form else ["referred_on"]
    names = ["outcome", *dates] if outcome_form else ["local_authority", *dates, "reference"]
    state = forms.read(form, names, labels=REFERRAL_LABELS, missing=REFERRAL_MISSING, dates=dates)
    payload: dict[str, Any] = {}
    for name in names:
        if name not in dates:
            _put(payload, name, forms.optional(state, name))
    _put(payload, dates[0], forms.date_value(state, dates[0]))
    model = ReferralOutcomeIn if outcome_form else ReferralIn
    body = forms.validate(state, model, payload)
    if body is not None and state.ok:
        with forms.refusals(state):
            with session_scope() as session:
                if isinstance(body, ReferralOutcomeIn):
                    body.apply(session, principal=viewer, case_id=case_id)
                    done = "Referral outcome recorded"
                else:
                    assert isinstance(body, ReferralIn)
                    body.apply(session, principal=viewer, case_id=case_id, ref_data=get_reference())
                    done = "Referral recorded"
            return redirect(request, f"/cases/{case_id}", flash=done)
    return case_form_page(
        request,
        viewer,
        case_id,
        "referral_form.html",
        {**context, **state.context()},
        action=REFERRAL,
        status=422,
    )


@router.post("/cases/{case_id}/consents/{consent_id}/withdraw")
def consent_withdraw(
    request: Request, case_id: str, consent_id: str, viewer: Viewer, form: Form
) -> Response:
    """The person withdrew a consent: from now on it no longer applies (409 page if it cannot)."""
    typed = text(form, "method")
    method = ConsentMethod(typed) if typed in ConsentMethod.__members__ else ConsentMethod.verbal
    with session_scope() as session:
        consent = withdraw_consent(
            session,
            principal=viewer,
            case_id=case_id,
            consent_id=consent_id,
            method=method,
            policy=get_policy(),
        )
        kind = consent.kind.replace("_", " ")
    done = f"Withdrawal of consent ({kind}) recorded"
    return redirect(request, f"/cases/{case_id}#consents", flash=done)
