"""The "today" page: each role's landing page after sign-in (reads/today.py), every count a
link to the filtered list of those people or tasks; the cases shown are written to the audit."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from resettlement import clock
from resettlement.access.audit import record_reads
from resettlement.access.users import Principal
from resettlement.errors import Forbidden
from resettlement.policy import get_policy
from resettlement.reads.today import Today, cjit_today, prison_today, rom_today
from resettlement.reads.today_national import National, national_today
from resettlement.storage.db import session_scope
from resettlement.vocabulary import Role
from resettlement.web.auth import Viewer
from resettlement.web.paging import with_params
from resettlement.web.pipeline_tables import kpi_label
from resettlement.web.render import render
from resettlement.web.routing import WebRoute

router = APIRouter(route_class=WebRoute, include_in_schema=False)
# Each pipe's tab on the pipes page (pipes/reads.py's names).
PIPE_TABS = {"notifications": "messages", "inbox": "inbox", "handovers": "handovers"}


def load_today(viewer: Principal) -> Today | National:
    now, today, policy = clock.now(), clock.today(), get_policy()
    with session_scope(write=False) as session:
        if viewer.role == Role.admin:
            # Counts only (no one's record is read), so nothing to audit.
            return national_today(session, viewer, now=now, today=today, policy=policy)
        if viewer.role == Role.prison_staff:
            result = prison_today(session, viewer, now=now, today=today, policy=policy)
        elif viewer.role == Role.cjit_worker:
            result = cjit_today(session, viewer, now=now)
        elif viewer.role == Role.rom:
            result = rom_today(session, viewer, now=now, today=today, policy=policy)
        else:
            raise Forbidden("the today page is for prison, CJIT and ROM staff and admins")
        record_reads(session, viewer, result.case_ids(), action="list_today")
    return result


def links(result: Today) -> dict[str, str]:
    """Where each count leads: the list of exactly those people or tasks."""
    team = {"team": result.team} if result.team and result.role != Role.rom else {}
    weeks = str(max(1, result.window_days // 7))
    return {
        "releasing": with_params(
            "/cases", {"custody": "yes", "housing": "unresolved", "weeks": weeks}
        )
        if result.window_days % 7 == 0
        else "/cases?custody=yes&housing=unresolved",
        "overdue": with_params("/tasks", {**team, "due": "overdue"}),
        "due_today": with_params("/tasks", {**team, "due": "today"}),
        "receptions": "/cases?stage=received",
        "new_handovers": "/handovers?tab=new",
        "overdue_handovers": "/handovers?tab=overdue",
        "checks_due": "/tasks?team=cjit&kind=tenancy_check_due",
        "missed": "/tasks?team=cjit&kind=missed_first_appointment",
    }


def national_links(result: National) -> dict[str, Any]:
    """Where each of the admin's figures leads: the caseload or task list of that region, and
    the failed rows of each pipe."""
    weeks = {"weeks": str(result.window_days // 7)} if result.window_days % 7 == 0 else {}
    releasing = {"custody": "yes", "housing": "unresolved", **weeks}
    return {
        "releasing": {
            region: with_params("/cases", {**releasing, "region": region})
            for region, _n in result.releasing_by_region
        },
        "overdue": {
            region: with_params("/tasks", {"team": "all", "due": "overdue", "region": region})
            for region, _n in result.overdue_by_region
        },
        "failed": {
            name: with_params("/pipes", {"tab": tab, "status": "failed"})
            for name, tab in PIPE_TABS.items()
        },
    }


def kpi_rows(result: Today | National) -> list[dict[str, Any]]:
    policy = get_policy()
    rows = []
    for name, value in result.kpis.items():
        target = policy.pipeline.kpi_targets.get(name)
        met = None if value is None or target is None else value >= target
        label = kpi_label(name, policy)
        rows.append({"label": label, "value": value, "target": target, "met": met})
    return rows


@router.get("/today")
def today_page(request: Request, viewer: Viewer) -> Response:
    result = load_today(viewer)
    context = {
        "today": result,
        "links": national_links(result) if isinstance(result, National) else links(result),
        "kpis": kpi_rows(result),
        "as_of": clock.now(),
    }
    return render(request, "today.html", context)
