"""The services page: the catalogue searched and filtered by area and kind, each service with
its places free today and on a chosen day; admins, and ROMs within their region, add and change
services through a form (the same request body and commands as POST/PUT /services).

Services are not personal data: every signed-in role but the feed may read the catalogue.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response

from resettlement import clock
from resettlement.access.permissions import may, require
from resettlement.access.users import Principal
from resettlement.catalogue.fields import SERVICE_FIELDS, SET_FIELDS
from resettlement.catalogue.inputs import ServiceIn
from resettlement.catalogue.reads import (
    list_services,
    service_filter,
    service_out,
    with_occupancy,
)
from resettlement.errors import Forbidden, NotFound
from resettlement.paging import Window
from resettlement.policy import Reference, get_reference
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Service
from resettlement.vocabulary import (
    AccessRoute,
    Action,
    RiskFactor,
    Role,
    ServiceGender,
    ServiceKind,
    SpectrumStage,
    SupportLevel,
)
from resettlement.web import forms
from resettlement.web.auth import Form, Viewer
from resettlement.web.filters import choices
from resettlement.web.paging import PAGE_SIZE, Pager, kept_params, page_number
from resettlement.web.render import redirect, render
from resettlement.web.routing import WebRoute

router = APIRouter(route_class=WebRoute, include_in_schema=False)
FIELDS = SERVICE_FIELDS
SETS = SET_FIELDS
LABELS = {
    "name": "Name",
    "provider": "Provider",
    "address": "Address",
    "area": "CJIT area",
    "kind": "Kind of service",
    "support_level": "Support it provides",
    "capacity": "Places",
    "access": "Access route",
    "genders": "Genders accepted",
    "min_age": "Youngest age accepted",
    "max_age": "Oldest age accepted",
    "accepts_on_licence": "Takes people on licence",
    "spectrum_stages": "Stages of the spectrum of need it suits",
    "excludes": "Risk factors it excludes",
    "active": "Active",
}
MISSING = {
    "name": "Enter the name of the service",
    "provider": "Enter the provider",
    "address": "Enter the address",
    "area": "Select the CJIT area",
    "kind": "Select the kind of service",
    "support_level": "Select the support it provides",
    "capacity": "Enter the number of places (0 for floating support)",
    "access": "Select the access route",
    "genders": "Select the genders accepted",
    "accepts_on_licence": "Select yes if it takes people on licence",
    "spectrum_stages": "Select the stages of the spectrum of need it suits",
    "active": "Select yes if the service is active",
}


def _day(raw: str | None) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def manages(viewer: Principal, area: str, reference: Reference) -> bool:
    """May the viewer change a service of this area (admins; a ROM within its region)?"""
    if not may(viewer, Action.manage_services):
        return False
    return viewer.role != Role.rom or reference.areas[area].region == viewer.scope


def _areas(viewer: Principal, reference: Reference, *, managed: bool) -> list[tuple[str, str]]:
    region = viewer.scope if managed and viewer.role == Role.rom else None
    areas = sorted(reference.areas.values(), key=lambda a: a.name)
    return [(a.code, a.name) for a in areas if region in (None, a.region)]


@router.get("/services")
def services_page(
    request: Request,
    viewer: Viewer,
    q: str = "",
    area: str = "",
    kind: str = "",
    on: str = "",
) -> Response:
    reference = get_reference()
    today = clock.today()
    chosen = _day(on)
    area_code = area if area in reference.areas else None
    kind_value = ServiceKind(kind) if kind in ServiceKind.__members__ else None
    where = service_filter(reference, area=area_code, kind=kind_value, q=q.strip()[:100] or None)
    page = page_number(request)
    with session_scope(write=False) as session:
        listing = list_services(session, where, Window(page, PAGE_SIZE))
        rows, total = listing.rows, listing.total
        now = with_occupancy(session, rows, today)
        later = with_occupancy(session, rows, chosen) if chosen else None
    items = [
        {
            **s.model_dump(mode="json"),
            "area_name": reference.areas[s.area].name,
            "free_on": later[i].free if later else None,
            "held_on": later[i].held if later else None,
            "editable": manages(viewer, s.area, reference),
        }
        for i, s in enumerate(now)
    ]
    context = {
        "items": items,
        "total": total,
        "today": today,
        "chosen": chosen,
        "bad_day": bool(on) and chosen is None,
        "filters": {"q": q, "area": area_code or "", "kind": kind_value or "", "on": on},
        "areas": _areas(viewer, reference, managed=False),
        "kinds": choices(ServiceKind),
        "may_add": may(viewer, Action.manage_services),
        "pager": Pager(
            page, total, PAGE_SIZE, kept_params(request, "q", "area", "kind", "on"), "/services"
        ),
    }
    return render(request, "services.html", context)


def _form_context(viewer: Principal, reference: Reference) -> dict[str, Any]:
    return {
        "areas": _areas(viewer, reference, managed=True),
        "kinds": choices(ServiceKind),
        "support_levels": choices(SupportLevel),
        "access_routes": choices(AccessRoute),
        "genders": choices(ServiceGender),
        "stages": choices(SpectrumStage),
        "risk_factors": choices(RiskFactor),
    }


def _values_of(row: Service) -> dict[str, str]:
    out = service_out(row).model_dump(mode="json")
    values = {k: "" if out[k] is None else str(out[k]) for k in FIELDS if k not in SETS}
    for name in ("accepts_on_licence", "active"):
        values[name] = forms.YES if out[name] else forms.NO
    for name in SETS:
        values[name] = ",".join(out[name])
    return values


def _service(viewer: Principal, service_id: str) -> Service:
    """The service to change (404 unknown; 403 for one who may not change it)."""
    require(viewer, Action.manage_services)
    with session_scope(write=False) as session:
        row = session.get(Service, service_id)
    if row is None:
        raise NotFound(f"no service {service_id}")
    if not manages(viewer, row.area, get_reference()):
        raise Forbidden(f"a rom manages the services of its own region ({viewer.scope})")
    return row


@router.get("/services/new")
def new_service(request: Request, viewer: Viewer) -> Response:
    require(viewer, Action.manage_services)
    values = {"accepts_on_licence": forms.YES, "active": forms.YES}
    context = {**_form_context(viewer, get_reference()), "values": values, "service": None}
    return render(request, "service_form.html", context)


@router.get("/services/{service_id}/edit")
def edit_service(request: Request, service_id: str, viewer: Viewer) -> Response:
    row = _service(viewer, service_id)
    context = {**_form_context(viewer, get_reference()), "values": _values_of(row)}
    return render(request, "service_form.html", {**context, "service": row})


def _payload(form: Any, state: forms.FormState) -> dict[str, Any]:
    payload: dict[str, Any] = {}
    for name in ("name", "provider", "address", "area", "kind", "support_level", "access"):
        if value := forms.optional(state, name):
            payload[name] = value
    for name in ("capacity", "min_age", "max_age"):
        raw = state.values[name]
        if raw:
            payload[name] = raw
    for name in ("accepts_on_licence", "active"):
        answer = forms.yes_no(state, name)
        if answer is not None:
            payload[name] = answer
    for name in SETS:
        ticked = forms.many(form, state, name)
        if ticked or name == "excludes":
            payload[name] = ticked
    if "genders" not in payload:
        state.add("genders", MISSING["genders"])
    if "spectrum_stages" not in payload:
        state.add("spectrum_stages", MISSING["spectrum_stages"])
    return payload


def _submit(request: Request, viewer: Principal, form: Any, service_id: str | None) -> Response:
    reference = get_reference()
    row = _service(viewer, service_id) if service_id else None
    require(viewer, Action.manage_services)
    state = forms.read(form, FIELDS, labels=LABELS, missing=MISSING)
    payload = _payload(form, state)
    body = forms.validate(state, ServiceIn, payload)
    if body is not None and state.ok:
        with forms.refusals(state):
            with session_scope() as session:
                if service_id is None:
                    saved, _added = body.apply(session, principal=viewer, reference=reference)
                else:
                    saved = body.apply_change(
                        session, principal=viewer, service_id=service_id, reference=reference
                    )
                name = saved.name
            what = "added" if service_id is None else "changed"
            back = "/services?" + urlencode({"q": name})
            return redirect(request, back, flash=f"Service {what}: {name}")
    context = {**_form_context(viewer, reference), **state.context(), "service": row}
    return render(request, "service_form.html", context, 422)


@router.post("/services/new")
def add_service(request: Request, viewer: Viewer, form: Form) -> Response:
    return _submit(request, viewer, form, None)


@router.post("/services/{service_id}/edit")
def change_service(request: Request, service_id: str, viewer: Viewer, form: Form) -> Response:
    return _submit(request, viewer, form, service_id)
