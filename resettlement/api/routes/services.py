"""The catalogue of accommodation and support services: list (with occupancy on a day), add,
change. Any reader may list; admins, and ROMs within their region, add and change."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from sqlmodel import Session

from resettlement import clock
from resettlement.api.deps import Caller, ReadDB, ReferenceDep, WriteDB
from resettlement.api.routes.cases import CursorQ, PageNo, PageSize
from resettlement.api.schemas import Page
from resettlement.catalogue.inputs import ServiceIn
from resettlement.catalogue.reads import (
    ServiceOccupancyOut,
    ServiceOut,
    list_services,
    service_filter,
    service_out,
    with_occupancy,
)
from resettlement.errors import InvalidInput, NotFound
from resettlement.paging import Window
from resettlement.policy import Reference
from resettlement.storage.tables import Service
from resettlement.vocabulary import ServiceKind

router = APIRouter(tags=["services"])
ServiceId = Annotated[str, Path(max_length=36)]


def _check_filters(reference: Reference, area: str | None, region: str | None) -> None:
    if area is not None and area not in reference.areas:
        raise InvalidInput.one("area", f"unknown CJIT area {area!r}")
    if region is not None and region not in reference.regions:
        raise InvalidInput.one("region", f"unknown region code {region!r}")


@router.get("/services", response_model=Page[ServiceOccupancyOut])
def services(
    _caller: Caller,
    session: ReadDB,
    reference: ReferenceDep,
    area: Annotated[str | None, Query(max_length=9)] = None,
    region: Annotated[str | None, Query(max_length=3)] = None,
    kind: ServiceKind | None = None,
    active: bool | None = None,
    q: Annotated[str | None, Query(max_length=100, description="name, provider or address")] = None,
    on: Annotated[date | None, Query(description="occupancy on this day (default today)")] = None,
    page: PageNo = 1,
    page_size: PageSize = 50,
    cursor: CursorQ = None,
) -> Page[ServiceOccupancyOut]:
    """The catalogue, by area and name, each service with its places held and free on `on`."""
    _check_filters(reference, area, region)
    where = service_filter(reference, area=area, region=region, kind=kind, active=active, q=q)
    listing = list_services(session, where, Window(page, page_size, cursor))
    items = with_occupancy(session, listing.rows, on or clock.today())
    return Page[ServiceOccupancyOut].of(listing, items)


def _one(session: Session, service_id: str) -> Service:
    row = session.get(Service, service_id)
    if row is None:
        raise NotFound(f"no service {service_id}")
    return row


@router.get("/services/{service_id}", response_model=ServiceOut)
def service(service_id: ServiceId, _caller: Caller, session: ReadDB) -> ServiceOut:
    return service_out(_one(session, service_id))


@router.post("/services", response_model=ServiceOut, status_code=201)
def add(
    body: ServiceIn, caller: Caller, session: WriteDB, reference: ReferenceDep, response: Response
) -> ServiceOut:
    """Add a service (admin; a ROM in its own region). The same `code` again with the same
    values answers 200 with the service already there."""
    row, added = body.apply(session, principal=caller, reference=reference)
    if not added:
        response.status_code = 200
    return service_out(row)


@router.put("/services/{service_id}", response_model=ServiceOut)
def change(
    service_id: ServiceId,
    body: ServiceIn,
    caller: Caller,
    session: WriteDB,
    reference: ReferenceDep,
) -> ServiceOut:
    """Replace what the catalogue says of a service (admin; a ROM in its own region)."""
    row = body.apply_change(session, principal=caller, service_id=service_id, reference=reference)
    return service_out(row)
