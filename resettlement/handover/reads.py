"""Reading handovers: the ones in the caller's scope (a CJIT worker's area inbox, a ROM's region,
a prison's cases), filtered and paged, and one by id (404 outside scope), each as the caller
may see it (HandoverOut)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, Select, select, true
from sqlmodel import Session, col

from resettlement import clock
from resettlement.access.audit import record_refused
from resettlement.access.scope import case_scope
from resettlement.access.users import Principal
from resettlement.access.visibility import redact_packet, view_for
from resettlement.errors import NotFound
from resettlement.handover.rules import acceptance_overdue
from resettlement.handover.sql import overdue_clause
from resettlement.paging import Listing, SortKey, Window, capped_count, keyset_page
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


# Newest release first, then id.
RELEASE_ORDER = (SortKey(col(Handover.released_at), descending=True), SortKey(col(Handover.id)))


def list_handovers(
    session: Session,
    principal: Principal,
    filters: HandoverFilters,
    *,
    now: datetime,
    window: Window,
) -> Listing[tuple[Handover, bool]]:
    """Handovers in the caller's scope, newest release first, each with the case's consent."""
    query = _scoped(principal, filters, now)
    rows, next_cursor = keyset_page(
        session,
        query.add_columns(col(Case.consent_share_cjit)),
        RELEASE_ORDER,
        window,
        whole_rows=True,
    )
    total, exact = capped_count(session, query)
    return Listing([(h, bool(consent)) for h, consent in rows], total, exact, next_cursor)


def get_handover(session: Session, principal: Principal, handover_id: str) -> Handover:
    """One handover within the caller's scope; NotFound otherwise (never reveal it exists)."""
    query = _scoped(principal, HandoverFilters(), clock.now()).where(
        col(Handover.id) == handover_id
    )
    handover = session.execute(query).scalars().first()
    if handover is None:
        other = select(col(Handover.case_id)).where(col(Handover.id) == handover_id)
        case_id = session.execute(other).scalar() if len(handover_id) <= 36 else None
        if case_id is not None:  # it exists, out of the caller's scope: a refused read
            record_refused(principal, case_id, "read_handover")
        raise NotFound(f"no handover {handover_id}")
    return handover


class HandoverOut(BaseModel):
    id: str
    case_id: str
    episode: int
    area: str | None
    status: str = Field(description="new | accepted")
    released_at: datetime
    housing_resolved_at_release: bool
    sent_at: datetime | None = Field(description="when the CJIT area received it")
    accept_by: datetime | None = Field(description="end of the next working day after release")
    overdue: bool = Field(description="not accepted and past accept_by")
    accepted_at: datetime | None
    accepted_by: str | None
    worker: str | None
    first_appointment: datetime | None
    packet: dict[str, Any]
    delivery_state: str = Field(
        description="pending | sending | delivered | failed | inbox_only | cancelled"
    )
    delivery_attempts: int
    delivery_last_error: str | None
    delivery_reference: str | None
    delivered_at: datetime | None

    @classmethod
    def of(cls, row: Handover, *, consent: bool, caller: Principal, now: datetime) -> HandoverOut:
        """The handover as `caller` may see it, under the case's consent as it stands now."""
        view = view_for(caller.role, consent_share_cjit=consent)
        return cls(
            **row.model_dump(exclude={"packet", "delivery_claimed_at", "created_at"}),
            packet=redact_packet(row.packet, view),
            overdue=acceptance_overdue(status=row.status, accept_by=row.accept_by, now=now),
        )
