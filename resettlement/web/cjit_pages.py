"""CJIT pages: the handover inbox (new, overdue, accepted), accepting a handover, and recording
a tenancy check. Same services and consent filter as GET /handovers, POST .../accept and
POST /cases/{id}/tenancy-checks/{check_id}."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlmodel import Session, col, select

from resettlement import clock
from resettlement.access.audit import record_reads
from resettlement.access.permissions import may
from resettlement.access.users import Principal
from resettlement.aftercare.inputs import CheckIn
from resettlement.aftercare.reads import checks_of
from resettlement.errors import NotFound
from resettlement.handover.inputs import AcceptIn
from resettlement.handover.reads import HandoverFilters, HandoverOut, get_handover, list_handovers
from resettlement.paging import Window
from resettlement.policy import get_policy
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Case
from resettlement.vocabulary import Action, HandoverStatus, TenancyOutcome
from resettlement.web import forms, packet_summary
from resettlement.web.auth import Form, Viewer
from resettlement.web.case_pages import case_form_page
from resettlement.web.filters import choices
from resettlement.web.paging import Pager, window
from resettlement.web.render import redirect, render
from resettlement.web.routing import WebRoute

router = APIRouter(route_class=WebRoute, include_in_schema=False)
TABS: dict[str, tuple[str, HandoverFilters]] = {
    "new": ("New", HandoverFilters(status=HandoverStatus.new)),
    "overdue": ("Overdue", HandoverFilters(overdue=True)),
    "accepted": ("Accepted", HandoverFilters(status=HandoverStatus.accepted)),
}
ACCEPT_LABELS = {"worker": "Worker", "first_appointment": "First appointment", "time": "Time"}
ACCEPT_MISSING = {
    "worker": "Enter the name of the worker allocated",
    "first_appointment": "Enter the date of the first appointment",
}
CHECK_MISSING = {"outcome": "Select the outcome of the check"}


def _names(session: Session, case_ids: set[str]) -> dict[str, Case]:
    if not case_ids:
        return {}
    return {c.id: c for c in session.exec(select(Case).where(col(Case.id).in_(case_ids)))}


def _out(row: Any, consent: bool, viewer: Principal) -> dict[str, Any]:
    out = HandoverOut.of(row, consent=consent, caller=viewer, now=clock.now())
    return out.model_dump(mode="json")


@router.get("/handovers")
def inbox(request: Request, viewer: Viewer) -> Response:
    tab = request.query_params.get("tab", "new")
    if tab not in TABS:
        tab = "new"
    now = clock.now()
    with session_scope(write=False) as session:
        listing = list_handovers(session, viewer, TABS[tab][1], now=now, window=window(request))
        rows = listing.rows
        counts = {
            key: list_handovers(session, viewer, f, now=now, window=Window(1, 1)).total
            for key, (_label, f) in TABS.items()
        }
        record_reads(session, viewer, [h.case_id for h, _ in rows], action="list")
        people = _names(session, {h.case_id for h, _ in rows})
    items = [{**_out(h, consent, viewer), "case": people.get(h.case_id)} for h, consent in rows]
    context = {
        "tab": tab,
        "tabs": [(key, label, counts[key]) for key, (label, _f) in TABS.items()],
        "handovers": items,
        "pager": Pager.of(listing, request, {"tab": tab}),
    }
    return render(request, "handovers.html", context)


def _handover_page(
    request: Request, viewer: Principal, handover_id: str, extra: dict[str, Any], status: int = 200
) -> Response:
    with session_scope(write=False) as session:
        row = get_handover(session, viewer, handover_id)
        record_reads(session, viewer, [row.case_id], action="read_handover")
        case = session.get(Case, row.case_id)
        handover = _out(row, bool(case and case.consent_share_cjit), viewer)
    can_accept = may(viewer, Action.handover)
    context = {
        "handover": handover,
        "packet": packet_summary.summary(handover["packet"]),
        "case": case,
        "can_accept": can_accept,
    }
    return render(request, "handover_accept.html", context | extra, status)


@router.get("/handovers/{handover_id}/accept")
def accept_form(request: Request, handover_id: str, viewer: Viewer) -> Response:
    return _handover_page(request, viewer, handover_id, {})


def _appointment(state: forms.FormState) -> str | None:
    """The first appointment's date and time, London time, as an ISO datetime with offset."""
    day = forms.date_value(state, "first_appointment", required=True)
    raw = state.values.get("time", "")
    try:
        at = time.fromisoformat(raw) if raw else time(10, 0)
    except ValueError:
        # Only the time is wrong: say so, and do not also call the date missing.
        state.add("time", "Enter the time like 10:30 (24-hour clock)")
        at = time(10, 0)
    if day is None:
        return None
    return datetime.combine(datetime.fromisoformat(day).date(), at, clock.LONDON).isoformat()


@router.post("/handovers/{handover_id}/accept")
def accept_submit(request: Request, handover_id: str, viewer: Viewer, form: Form) -> Response:
    state = forms.read(
        form,
        ["worker", "first_appointment", "time"],
        labels=ACCEPT_LABELS,
        missing=ACCEPT_MISSING,
        dates=["first_appointment"],
    )
    payload: dict[str, Any] = {}
    if state.values["worker"]:
        payload["worker"] = state.values["worker"]
    when = _appointment(state)
    if when:
        payload["first_appointment"] = when
    body = forms.validate(state, AcceptIn, payload)
    if body is not None and state.ok:
        with forms.refusals(state):
            with session_scope() as session:
                case_id = body.apply(session, principal=viewer, handover_id=handover_id).case_id
            return redirect(request, f"/cases/{case_id}", flash="Handover accepted")
    return _handover_page(request, viewer, handover_id, state.context(), 422)


def _check(case_id: str, check_id: str, viewer: Principal) -> dict[str, Any]:
    with session_scope(write=False) as session:
        checks = checks_of(session, viewer, case_id, today=clock.today())
    for check in checks:
        if check["id"] == check_id:
            return check
    raise NotFound(f"no tenancy check {check_id} on case {case_id}")


def _outcomes() -> list[tuple[str, str]]:
    return choices(TenancyOutcome)


@router.get("/cases/{case_id}/tenancy-checks/{check_id}")
def check_form(request: Request, case_id: str, check_id: str, viewer: Viewer) -> Response:
    context = {"check": _check(case_id, check_id, viewer), "outcomes": _outcomes()}
    return case_form_page(
        request, viewer, case_id, "tenancy_check_form.html", context, action=Action.tenancy_check
    )


@router.post("/cases/{case_id}/tenancy-checks/{check_id}")
def check_submit(
    request: Request, case_id: str, check_id: str, viewer: Viewer, form: Form
) -> Response:
    check = _check(case_id, check_id, viewer)
    state = forms.read(form, ["outcome", "notes"], missing=CHECK_MISSING)
    payload = {k: v for k in ("outcome", "notes") if (v := state.values[k])}
    body = forms.validate(state, CheckIn, payload)
    if body is not None and state.ok:
        with forms.refusals(state):
            with session_scope() as session:
                result = body.apply(
                    session,
                    principal=viewer,
                    case_id=case_id,
                    check_id=check_id,
                    policy=get_policy(),
                )
                raised = ", ".join(r.replace("_", " ") for r in result.raised)
            done = f"Day {check['day_offset']} check recorded"
            done += f"; raised: {raised}" if raised else ""
            return redirect(request, f"/cases/{case_id}#tenancy-checks", flash=done)
    context = {"check": check, "outcomes": _outcomes(), **state.context()}
    return case_form_page(
        request,
        viewer,
        case_id,
        "tenancy_check_form.html",
        context,
        action=Action.tenancy_check,
        status=422,
    )
