"""Reading handovers: the ones in the caller's scope (a CJIT worker's area inbox, a ROM's region,
a prison's cases), filtered and paged, and one by id (404 outside scope)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select, true
from sqlmodel import Session, col

from resettlement import clock
from resettlement.access.scope import case_scope
from resettlement.access.users import Principal
from resettlement.errors import NotFound
from resettlement.handover.sql import overdue_clause
from resettlement.storage.tables import Case, Handover
from resettlement.vocabulary import DeliveryState, HandoverStatus, Role


def handover_scope(principal: Principal) -> ColumnElement[bool]:
    """A CJIT worker sees their area's handovers; others the handovers of cases in scope."""
    if principal.role == Role.admin:
        return true()
    if principal.role == Role.cjit_worker:
        return col(Handover.area) == principal.scope
    return case_scope(principal)


@dataclass(frozen=True)
class HandoverFilters:
    area: str | None = None
    status: HandoverStatus | None = None
    delivery_state: DeliveryState | None = None
    overdue: bool | None = None
    case_id: str | None = None


def _scoped(principal: Principal, f: HandoverFilters, now: datetime) -> Select[Any]:
    query = select(Handover).join(Case, col(Case.id) == col(Handover.case_id))
    query = query.where(handover_scope(principal))
    if f.area:
        query = query.where(col(Handover.area) == f.area)
    if f.status:
        query = query.where(col(Handover.status) == f.status.value)
    if f.delivery_state:
        query = query.where(col(Handover.delivery_state) == f.delivery_state.value)
    if f.case_id:
        query = query.where(col(Handover.case_id) == f.case_id)
    if f.overdue is not None:
        late = overdue_clause(now)
        query = query.where(late if f.overdue else ~late)
    return query


def list_handovers(
    session: Session,
    principal: Principal,
    filters: HandoverFilters,
    *,
    now: datetime,
    page: int,
    page_size: int,
) -> tuple[list[tuple[Handover, bool]], int]:
    """Handovers in the caller's scope, newest release first, each with the case's consent."""
    query = _scoped(principal, filters, now)
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    rows = session.execute(
        query.add_columns(col(Case.consent_share_cjit))
        .order_by(col(Handover.released_at).desc(), col(Handover.id))
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    return [(h, bool(consent)) for h, consent in rows], int(total)


def get_handover(session: Session, principal: Principal, handover_id: str) -> Handover:
    """One handover within the caller's scope; NotFound otherwise (never reveal it exists)."""
    query = _scoped(principal, HandoverFilters(), clock.now()).where(
        col(Handover.id) == handover_id
    )
    handover = session.execute(query).scalars().first()
    if handover is None:
        raise NotFound(f"no handover {handover_id}")
    return handover
