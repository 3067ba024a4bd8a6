"""Placements as the API and pages show them, within the caller's scope of cases."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Select, select, true
from sqlmodel import Session, col

from resettlement.access.audit import record_reads
from resettlement.access.scope import case_scope, require_role
from resettlement.access.users import Principal
from resettlement.paging import Listing, SortKey, Window, capped_count, keyset_page
from resettlement.storage.tables import Case, Placement, Service
from resettlement.vocabulary import PlacementStatus, Role


class PlacementOut(BaseModel):
    id: str
    case_id: str
    service_id: str
    status: PlacementStatus
    start_date: date
    end_date: date | None
    reason: str | None
    service_name: str | None = None
    requested_at: datetime | None = None


def placement_out(row: Placement, service_name: str | None = None) -> PlacementOut:
    return PlacementOut(
        id=row.id,
        case_id=row.case_id,
        service_id=row.service_id,
        status=PlacementStatus(row.status),
        start_date=row.start_date,
        end_date=row.end_date,
        reason=row.reason,
        service_name=service_name,
        requested_at=row.requested_at,
    )


# Newest request first (the id breaks ties; the cursor is both).
PLACEMENT_ORDER = (
    SortKey(col(Placement.requested_at), descending=True),
    SortKey(col(Placement.id)),
)


def list_placements(
    session: Session,
    principal: Principal,
    window: Window,
    *,
    case_id: str | None = None,
    service_id: str | None = None,
    status: PlacementStatus | None = None,
) -> Listing[PlacementOut]:
    """Placements of the cases in the caller's scope (prison staff, ROM, admin), newest first;
    each case listed is an audited read."""
    require_role(principal, Role.prison_staff, Role.rom)
    where: list[ColumnElement[bool]] = [case_scope(principal), true()]
    if case_id is not None:
        where.append(col(Placement.case_id) == case_id)
    if service_id is not None:
        where.append(col(Placement.service_id) == service_id)
    if status is not None:
        where.append(col(Placement.status) == status.value)
    base: Select[Any] = (
        select(Placement, col(Service.name))  # type: ignore[assignment]
        .join(Case, col(Case.id) == col(Placement.case_id))
        .join(Service, col(Service.id) == col(Placement.service_id))
        .where(*where)
    )
    rows, next_cursor = keyset_page(session, base, PLACEMENT_ORDER, window, whole_rows=True)
    total, exact = capped_count(session, base)
    items = [placement_out(row, name) for row, name in rows]
    record_reads(session, principal, sorted({p.case_id for p in items}), action="read_placements")
    return Listing(items, total, exact, next_cursor)
