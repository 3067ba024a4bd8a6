"""The caseload page: the caller's cases, filtered (releasing within N weeks, housing unresolved,
stage, overdue work) and sorted by release date; each listing is audited like GET /cases."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request, Response

from resettlement.access.audit import record_reads
from resettlement.access.users import Principal
from resettlement.policy import get_reference
from resettlement.reads.caseload import CaseFilters
from resettlement.reads.summary import CaseSummary
from resettlement.storage.db import session_scope
from resettlement.vocabulary import Role, Stage
from resettlement.web.auth import Viewer
from resettlement.web.caseload_query import PageQuery, caseload_page, overdue_counts
from resettlement.web.filters import choices
from resettlement.web.forms import FormState
from resettlement.web.paging import Pager, kept_params, window, with_params
from resettlement.web.render import render
from resettlement.web.routing import WebRoute

router = APIRouter(route_class=WebRoute, include_in_schema=False)
FILTERS = (
    *("weeks", "housing", "stage", "overdue", "ended", "q", "prison", "sort"),
    *("custody", "area", "week", "region"),
)
CUSTODY = {"yes": True, "no": False, "any": None}
MAX_WEEKS = 104
HOUSING = {"unresolved": False, "resolved": True}


def default_custody(role: Role, asked: dict[str, str]) -> str:
    """The prison team's caseload starts with the people still in custody (unless ended cases
    or a stage were asked for)."""
    chosen = asked.get("ended") == "yes" or asked.get("stage")
    return "yes" if role == Role.prison_staff and not chosen else "any"


def _week(params: dict[str, str], state: FormState) -> date | None:
    """`week`: the Monday of a week of release dates (a pipeline chart's column)."""
    try:
        return date.fromisoformat(params["week"]) if params.get("week") else None
    except ValueError:
        state.add("week", "Enter the week as a date, like 2026-12-14")
        return None


def parse_filters(params: dict[str, str], state: FormState) -> tuple[CaseFilters, bool, bool]:
    """The filters as typed; a value that makes no sense is named in the error summary."""
    weeks = params.get("weeks", "")
    within: int | None = None
    if weeks:
        if weeks.isdecimal() and 1 <= int(weeks) <= MAX_WEEKS:
            within = int(weeks) * 7
        else:
            state.add("weeks", f"Releasing within must be a number of weeks, 1 to {MAX_WEEKS}")
    stage = params.get("stage", "")
    if stage and stage not in Stage.__members__:
        state.add("stage", "Choose a stage from the list")
    housing = params.get("housing", "")
    if housing and housing not in HOUSING:
        state.add("housing", "Choose resolved or unresolved housing")
    prison = params.get("prison", "")
    if prison and prison not in get_reference().prisons:
        state.add("prison", "Choose a prison from the list")
    custody = params.get("custody", "any")
    if custody not in CUSTODY:
        state.add("custody", "Choose in custody, released or either")
    area = params.get("area", "")
    if area and area not in get_reference().areas:
        state.add("area", "Choose a CJIT area from the list")
    region = params.get("region", "")
    if region and region not in get_reference().regions:
        state.add("region", "Choose a region from the list")
    week = _week(params, state)
    filters = CaseFilters(
        region=region if region and "region" not in state.errors else None,
        area=area if area and "area" not in state.errors else None,
        in_custody=CUSTODY.get(custody),
        release_from=week,
        release_before=week + timedelta(weeks=1) if week else None,
        prison=prison if "prison" not in state.errors and prison else None,
        stage=Stage(stage) if stage and "stage" not in state.errors else None,
        housing_resolved=HOUSING.get(housing),
        releasing_within_days=within,
        search=params.get("q", "")[:100] or None,
        # Closed and withdrawn cases only when asked for (or when that stage is chosen).
        active=None if params.get("ended") == "yes" or stage in ("closed", "withdrawn") else True,
    )
    return filters, params.get("overdue") == "yes", params.get("sort") == "-release"


def prison_options(role: Role, scope: str | None) -> list[tuple[str, str]]:
    """Prisons a ROM (their region) or an admin (all) may narrow the caseload to."""
    prisons = get_reference().prisons.values()
    if role == Role.rom:
        return [(p.code, p.name) for p in prisons if p.region == scope]
    return [(p.code, p.name) for p in prisons] if role == Role.admin else []


def area_options(role: Role, scope: str | None) -> list[tuple[str, str]]:
    """CJIT areas a ROM (their region's) or an admin (all) may narrow the caseload to."""
    areas = get_reference().areas.values()
    if role == Role.rom:
        return [(a.code, a.name) for a in areas if a.region == scope]
    return [(a.code, a.name) for a in areas] if role == Role.admin else []


def may_export(viewer: Principal) -> bool:
    """The listed cases as CSV: for the staff who may list them (not the events feed)."""
    return viewer.role in (Role.prison_staff, Role.cjit_worker, Role.rom, Role.admin)


@router.get("/cases")
def caseload(request: Request, viewer: Viewer) -> Response:
    asked = kept_params(request, *FILTERS)
    params = {"custody": default_custody(viewer.role, asked), **asked}
    state = FormState(values=dict(params))
    filters, overdue_only, newest_first = parse_filters(params, state)
    query = PageQuery(filters, overdue_only, newest_first, window(request))
    with session_scope(write=False) as session:
        listing = caseload_page(session, viewer, query)
        rows = listing.rows
        record_reads(session, viewer, [c.id for c in rows], action="list")
        overdue = overdue_counts(session, [c.id for c in rows])
    context: dict[str, Any] = {
        "cases": [CaseSummary.of(c) for c in rows],
        "overdue": overdue,
        "pager": Pager.of(listing, request, params),
        "sort_link": with_params("/cases", params, sort="" if newest_first else "-release"),
        "newest_first": newest_first,
        "clear_link": "/cases",
        "csv_link": with_params("/cases.csv", params),
        "custody_options": [("yes", "In custody"), ("no", "Released or ended"), ("any", "Either")],
        "stages": choices(Stage),
        "prisons": prison_options(viewer.role, viewer.scope),
        "area_options": area_options(viewer.role, viewer.scope),
        "csv_allowed": may_export(viewer),
        **state.context(),
    }
    return render(request, "caseload.html", context)
