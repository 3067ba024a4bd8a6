"""The case page: the summary and every section the API shows (timeline, assessments, consents,
plan, accommodation, tasks, handover, tenancy checks), scoped and audited (via="web").

Every viewer reads the case as the API gives it to them (reads/case_view.py): a CJIT worker
without the person's consent to share sees no drug-treatment detail, a ROM no CARAT free text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlmodel import Session

from resettlement import clock
from resettlement.access.audit import record_reads
from resettlement.access.audit_reads import readers_of
from resettlement.access.permissions import may, require
from resettlement.access.users import Principal
from resettlement.allocation.reads import nameable
from resettlement.cases.lookup import get_case
from resettlement.contact.reads import contact_of
from resettlement.person_view.rules import issue_refusal
from resettlement.reads.case_view import case_detail
from resettlement.reads.summary import CaseSummary
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Case
from resettlement.tasks.rules import completion_refusal, may_complete
from resettlement.vocabulary import (
    CUSTODY_STAGES,
    FINAL_STAGES,
    Action,
    Pathway,
    PlanParty,
    Role,
    Stage,
    TaskStatus,
)
from resettlement.web import packet_summary, timeline_words
from resettlement.web.auth import Viewer
from resettlement.web.case_places import places_of
from resettlement.web.render import render
from resettlement.web.routing import WebRoute

router = APIRouter(route_class=WebRoute, include_in_schema=False)


def read_case(session: Session, viewer: Principal, case_id: str, action: str = "read") -> Case:
    """The case within the viewer's scope (else the 404 page), its read written to the audit."""
    case = get_case(session, viewer, case_id, action=action)
    record_reads(session, viewer, [case.id], action=action)
    return case


def case_view(session: Session, viewer: Principal, case: Case) -> dict[str, Any]:
    """The case as GET /cases/{id} gives this viewer, with what the page adds to each task."""
    now = clock.now()
    view = case_detail(session, viewer, case).model_dump(mode="json")
    for task in view["tasks"]:
        is_open = task["status"] == TaskStatus.open.value
        task["overdue"] = is_open and datetime.fromisoformat(task["due_at"]) < now
        task["completable"] = is_open and _completable(viewer, task["kind"], task["team"])
    return view


def _completable(viewer: Principal, kind: str, team: str) -> bool:
    return may_complete(viewer, team) and completion_refusal(kind) is None


@dataclass(frozen=True)
class Actions:
    """What the viewer may do on this case now (links and buttons shown; the services decide)."""

    hacs: bool
    carat: bool
    referral: bool
    accommodation: bool
    plan_parties: tuple[str, ...]
    tenancy_checks: bool
    person_link: bool


def actions_for(viewer: Principal, case: Case) -> Actions:
    stage = Stage(case.stage)
    in_custody = stage in CUSTODY_STAGES
    parties = tuple(
        party.value
        for party in PlanParty
        if in_custody and may(viewer, Action.plan_section, party=party)
    )
    return Actions(
        hacs=may(viewer, Action.hacs_assessment) and in_custody,
        carat=may(viewer, Action.carat_assessment) and in_custody,
        referral=may(viewer, Action.duty_to_refer) and in_custody,
        accommodation=may(viewer, Action.accommodation) and stage not in FINAL_STAGES,
        plan_parties=parties,
        tenancy_checks=may(viewer, Action.tenancy_check),
        person_link=may(viewer, Action.person_link) and issue_refusal(viewer.role, stage) is None,
    )


@router.get("/cases/{case_id}")
def case_page(request: Request, case_id: str, viewer: Viewer) -> Response:
    return render_case(request, viewer, case_id)


def render_case(
    request: Request,
    viewer: Principal,
    case_id: str,
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    """The case page (with `extra`, e.g. a form of it sent back with its problems)."""
    with session_scope(write=False) as session:
        case = read_case(session, viewer, case_id)
        view = case_view(session, viewer, case)
        actions = actions_for(viewer, case)
        # An admin sees who has read the case (the audit trail's reads and exports of it).
        readers = readers_of(session, [case.id]) if viewer.role == Role.admin else None
        contact = contact_of(session, case.id)
        workers = nameable(session, viewer, case)
        places = places_of(session, viewer, case)
    context = {
        **places,
        "place_values": {},
        "place_errors": {},
        "readers": readers,
        "contact": contact,
        "contact_editable": may(viewer, Action.contact),
        "case": view,
        "actions": actions,
        "timeline": timeline_words.entries(view["timeline"]),
        "packet": packet_summary.summary(view["handover"]["packet"]) if view["handover"] else None,
        "pathway_order": [p.value for p in Pathway],
        "allocation_forms": {t: [(u, u) for u in names] for t, names in workers.items()},
        "allocation_values": {},
        "allocation_errors": {},
        **(extra or {}),
    }
    return render(request, "case.html", context, status)


def case_form_page(
    request: Request,
    viewer: Principal,
    case_id: str,
    template: str,
    context: dict[str, Any],
    *,
    action: Action | None,
    status: int = 200,
    more: Callable[[Session, Case], dict[str, Any]] | None = None,
) -> Response:
    """A form about one case: 404 outside scope, 403 for one who may not do `action` at all
    (None: a page anyone who may read the case may read). `more` adds what the page reads of the
    case, in the same transaction (one audited read)."""
    with session_scope(write=False) as session:
        case = read_case(session, viewer, case_id, action="read_form")
        if action is not None:
            require(viewer, action)
        summary = CaseSummary.of(case).model_dump(mode="json")
        current = {"case_row": case, "case": summary, **(more(session, case) if more else {})}
    return render(request, template, {**current, **context}, status)
