"""Reading the catalogue: services as the API shows them, with their places held and free on
a day, and as matching sees them (`ServiceFacts`). Services are not personal data."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, true
from sqlmodel import Session, col

from resettlement.catalogue.fields import SERVICE_FIELDS, SET_FIELDS, ServiceValues
from resettlement.catalogue.masks import from_mask, members
from resettlement.catalogue.rules import ServiceFacts
from resettlement.catalogue.sql import holds_place_clause
from resettlement.paging import Listing, SortKey, Window, capped_count, keyset_page
from resettlement.policy import Reference
from resettlement.storage.catalogue_tables import MATCH_COLUMNS
from resettlement.storage.tables import Placement, Service
from resettlement.vocabulary import (
    AccessRoute,
    RiskFactor,
    ServiceGender,
    ServiceKind,
    SpectrumStage,
    SupportLevel,
)


class ServiceOut(ServiceValues):
    id: str
    code: str | None = None


class ServiceOccupancyOut(ServiceOut):
    on: date
    held: int
    free: int


def service_out(row: Service) -> ServiceOut:
    """A row as the API shows it (sets from their bits; masks.py)."""
    sets: dict[str, Any] = {
        "genders": from_mask(row.genders_mask, ServiceGender),
        "spectrum_stages": from_mask(row.stages_mask, SpectrumStage),
        "excludes": from_mask(row.excludes_mask, RiskFactor),
    }
    plain: dict[str, Any] = {
        name: getattr(row, name) for name in SERVICE_FIELDS if name not in SET_FIELDS
    }
    return ServiceOut(**plain, **sets, id=row.id, code=row.code)


# The columns `facts` reads (a row of these, or a Service, will do): those
# ix_service_area_active covers, so that matching reads them from the index alone.
FACT_COLUMNS = MATCH_COLUMNS


def facts(row: Any, reference: Reference) -> ServiceFacts:
    """A service as matching sees it, from a Service or a row of FACT_COLUMNS."""
    return ServiceFacts(
        id=row.id,
        name=row.name,
        area=row.area,
        region=reference.areas[row.area].region,
        kind=ServiceKind(row.kind),
        support_level=SupportLevel(row.support_level),
        capacity=row.capacity,
        access=AccessRoute(row.access),
        genders=members(row.genders_mask, ServiceGender),
        min_age=row.min_age,
        max_age=row.max_age,
        accepts_on_licence=row.accepts_on_licence,
        spectrum_stages=members(row.stages_mask, SpectrumStage),
        excludes=members(row.excludes_mask, RiskFactor),
        active=row.active,
    )


def areas_of(reference: Reference, *, area: str | None, region: str | None) -> list[str] | None:
    """The areas a filter names (None: every area)."""
    if area is not None:
        return [area]
    if region is not None:
        return sorted(a.code for a in reference.areas.values() if a.region == region)
    return None


def service_filter(
    reference: Reference,
    *,
    area: str | None = None,
    region: str | None = None,
    kind: ServiceKind | None = None,
    active: bool | None = None,
    q: str | None = None,
) -> ColumnElement[bool]:
    clauses: list[ColumnElement[bool]] = [true()]
    areas = areas_of(reference, area=area, region=region)
    if areas is not None:
        clauses.append(col(Service.area).in_(areas))
    if kind is not None:
        clauses.append(col(Service.kind) == kind.value)
    if active is not None:
        clauses.append(col(Service.active) == active)
    if q:
        like = f"%{q.lower()}%"
        clauses.append(
            or_(
                func.lower(col(Service.name)).like(like),
                func.lower(col(Service.provider)).like(like),
                func.lower(col(Service.address)).like(like),
            )
        )
    return and_(*clauses)


# The catalogue's order: by area, then name (the id breaks ties; the cursor is all three).
SERVICE_ORDER = (
    SortKey(col(Service.area)),
    SortKey(col(Service.name)),
    SortKey(col(Service.id)),
)


def list_services(session: Session, where: ColumnElement[bool], window: Window) -> Listing[Service]:
    """One page of the services `where` selects, in SERVICE_ORDER (paging.py)."""
    query = select(Service).where(where)
    rows, next_cursor = keyset_page(session, query, SERVICE_ORDER, window)
    total, exact = capped_count(session, query)
    return Listing(rows, total, exact, next_cursor)


def held_on(session: Session, service_ids: list[str], day: date) -> dict[str, int]:
    """Places held on `day`, per service (services holding none are left out)."""
    if not service_ids:
        return {}
    rows = session.execute(
        select(col(Placement.service_id), func.count())
        .where(col(Placement.service_id).in_(service_ids), holds_place_clause(day))
        .group_by(col(Placement.service_id))
    )
    return {service_id: int(n) for service_id, n in rows}


def with_occupancy(session: Session, rows: list[Service], day: date) -> list[ServiceOccupancyOut]:
    held = held_on(session, [r.id for r in rows], day)
    out: list[ServiceOccupancyOut] = []
    for row in rows:
        taken = held.get(row.id, 0)
        values: dict[str, Any] = service_out(row).model_dump()
        out.append(
            ServiceOccupancyOut(**values, on=day, held=taken, free=max(0, row.capacity - taken))
        )
    return out
