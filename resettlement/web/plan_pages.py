"""The jointly prepared release plan: each party's section and sign-off, versions, who must sign.

Writing and signing call the same services as PUT .../release-plan/sections/{party} and POST
.../release-plan/sign; a CJIT worker sees the plan as shared with them (consent respected). Each
party's card lists the needs that party holds (as the viewer may see them).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from resettlement.access.users import Principal
from resettlement.errors import Conflict, InvalidInput, NotFound
from resettlement.planning import commands as release_plan
from resettlement.planning.inputs import SectionIn
from resettlement.storage.db import session_scope
from resettlement.vocabulary import PlanParty, PlanStatus
from resettlement.web import forms
from resettlement.web.auth import Form, Viewer
from resettlement.web.case_pages import actions_for, case_view, read_case
from resettlement.web.render import redirect, render
from resettlement.web.routing import WebRoute

router = APIRouter(route_class=WebRoute, include_in_schema=False)
SECTION_FIELDS = ("summary", "appointment_what", "appointment_where")
LABELS = {
    "summary": "Summary",
    "appointment_what": "Appointment",
    "appointment_where": "Where",
    "appointment_when": "Date of the appointment",
    "content": "Section",
}
PARTY_NAMES = {
    PlanParty.hacs.value: "HACS (housing)",
    PlanParty.carat.value: "CARAT (drug treatment)",
    PlanParty.probation.value: "Probation (offender manager)",
    PlanParty.cjit.value: "CJIT (community)",
}


def _party(value: str) -> PlanParty:
    if value not in PlanParty.__members__:
        raise NotFound(f"no release plan party {value!r}")
    return PlanParty(value)


def _plan_page(
    request: Request, viewer: Principal, case_id: str, extra: dict[str, Any], status: int = 200
) -> Response:
    with session_scope(write=False) as session:
        case = read_case(session, viewer, case_id, action="read_release_plan")
        view = case_view(session, viewer, case)
        actions = actions_for(viewer, case)
    plan = view["release_plan"]
    sections = (plan or {}).get("sections") or {}
    prefill = {p: _prefill(sections.get(p), f"{p}.") for p in actions.plan_parties}
    context = {
        "case": view,
        "plan": plan,
        "writable": actions.plan_parties,
        "party_names": PARTY_NAMES,
        "parties": [p.value for p in PlanParty],
        "needs_by_party": {
            p.value: [n for n in view["needs"] if n["owner"] == p] for p in PlanParty
        },
        **extra,
    }
    context["party_forms"] = prefill | extra.get("party_forms", {})
    return render(request, "release_plan.html", context, status)


def _prefill(section: dict[str, Any] | None, prefix: str) -> dict[str, str]:
    """A section's content as this form's values, so that a change starts from what is there."""
    if not section:
        return {}
    values = {"summary": str(section.get("summary") or "")}
    appointments = section.get("appointments") or []
    first = appointments[0] if appointments and isinstance(appointments[0], dict) else {}
    values["appointment_what"] = str(first.get("what") or "")
    values["appointment_where"] = str(first.get("where") or "")
    when = str(first.get("when") or "")[:10]
    if len(when) == len("YYYY-MM-DD") and when[:4].isdecimal():
        year, month, day = when.split("-")
        values |= {
            "appointment_when-day": str(int(day)),
            "appointment_when-month": str(int(month)),
            "appointment_when-year": year,
        }
    return {prefix + key: value for key, value in values.items()}


@router.get("/cases/{case_id}/release-plan")
def plan_page(request: Request, case_id: str, viewer: Viewer) -> Response:
    return _plan_page(request, viewer, case_id, {})


def _content(state: forms.FormState, prefix: str) -> dict[str, Any]:
    values = {k.removeprefix(prefix): v for k, v in state.values.items()}
    content: dict[str, Any] = {}
    if values["summary"]:
        content["summary"] = values["summary"]
    when = forms.date_value(state, prefix + "appointment_when")
    what = values["appointment_what"]
    if what or when or values["appointment_where"]:
        appointment = {"what": what, "when": when}
        if values["appointment_where"]:
            appointment["where"] = values["appointment_where"]
        content["appointments"] = [appointment]
    return content


def _field_of(problem_field: str, prefix: str) -> str:
    """Service fields (content.appointments.0.when) as form fields (hacs.appointment_when)."""
    if problem_field.startswith("content.appointments.0."):
        return prefix + "appointment_" + problem_field.rsplit(".", 1)[-1]
    return prefix + "summary"


@router.post("/cases/{case_id}/release-plan/sections/{party}")
def section_submit(
    request: Request, case_id: str, party: str, viewer: Viewer, form: Form
) -> Response:
    plan_party = _party(party)
    prefix = f"{plan_party.value}."
    state = forms.read(
        form,
        [prefix + name for name in SECTION_FIELDS],
        labels={prefix + name: label for name, label in LABELS.items()},
        dates=[prefix + "appointment_when"],
        anchor=f"section-{plan_party.value}",
    )
    content = _content(state, prefix)
    if not content and state.ok:
        state.add(prefix + "summary", "Enter the section: a summary or an appointment")
    body = forms.validate(state, SectionIn, {"content": content}) if state.ok else None
    if body is not None:
        try:
            with session_scope() as session:
                plan = release_plan.write_section(
                    session,
                    principal=viewer,
                    case_id=case_id,
                    party=plan_party,
                    content=body.content,
                )
                version = plan.version
            done = f"{PARTY_NAMES[party]} section saved (plan version {version})"
            return redirect(request, f"/cases/{case_id}/release-plan", flash=done)
        except InvalidInput as exc:
            for problem in exc.problems:
                state.add(_field_of(problem.field, prefix), problem.message)
        except Conflict as exc:
            state.refuse(str(exc))
    extra = {"party_forms": {party: state.values}, "open_party": party, **_errors(state)}
    return _plan_page(request, viewer, case_id, extra, 422)


def _errors(state: forms.FormState) -> dict[str, Any]:
    return {"errors": state.errors, "error_list": state.error_list}


@router.post("/cases/{case_id}/release-plan/sign")
def sign_submit(request: Request, case_id: str, viewer: Viewer, form: Form) -> Response:
    state = forms.read(form, ["party"], labels={"party": "Party"})
    party = state.values["party"]
    if party not in PlanParty.__members__:
        state.add("party", "Choose the party you are signing for")
    else:
        with forms.refusals(state):
            with session_scope() as session:
                plan = release_plan.sign(
                    session, principal=viewer, case_id=case_id, party=PlanParty(party)
                )
                agreed = plan.status == PlanStatus.agreed
            done = f"Signed for {PARTY_NAMES[party]}." + (" The plan is agreed." if agreed else "")
            return redirect(request, f"/cases/{case_id}/release-plan", flash=done)
    state.form_anchor = f"sign-{party}" if party in PlanParty.__members__ else "main-content"
    return _plan_page(request, viewer, case_id, _errors(state), 422)
