"""Requesting a place, the provider's answer, confirming, ending (prison staff of team HACS,
admins). Every write finds the case in the caller's scope and locks it (cases/lookup.py).

Confirming is where a place is given, and a place is never given twice: the service's row is
locked first (SELECT ... FOR UPDATE on PostgreSQL; SQLite's one writer already queues at BEGIN
IMMEDIATE), so confirmations at one service are applied one after the other; then one UPDATE
moves the placement to `confirmed` only if, in the same statement, no day the place would be
held on (its start date, and each later start of a place held there) already has every place
taken. Of two confirmations racing for the last place, the second finds it taken: 409.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    exists,
    func,
    literal,
    or_,
    select,
    union,
    update,
)
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from resettlement import clock
from resettlement.access.users import Principal
from resettlement.cases.lookup import case_for_write
from resettlement.cases.timeline import record
from resettlement.errors import Conflict, FieldProblem, InvalidInput, NotFound
from resettlement.housing.commands import put_accommodation
from resettlement.placements.rules import HOUSING_BY_KIND, may_move
from resettlement.placements.tasks import close_reply_chase
from resettlement.storage.tables import Case, Placement, Service
from resettlement.vocabulary import (
    FINAL_STAGES,
    HOLDING_STATUSES,
    Action,
    PlacementStatus,
    ServiceKind,
    Stage,
)

OPEN = (PlacementStatus.requested, PlacementStatus.offered, PlacementStatus.confirmed)


def request_place(
    session: Session, *, principal: Principal, case_id: str, service_id: str, start_date: date
) -> tuple[Placement, bool]:
    """A new request (True), or the same open request already made (False)."""
    case = case_for_write(session, principal, case_id, Action.placement)
    if Stage(case.stage) in FINAL_STAGES:
        raise Conflict(f"cannot request a place: the case is {case.stage}")
    service = session.get(Service, service_id)
    if service is None or not service.active:
        what = "no such service" if service is None else "the service is not active"
        raise InvalidInput.one("service_id", what)
    same = session.execute(
        select(Placement).where(
            col(Placement.case_id) == case.id,
            col(Placement.service_id) == service_id,
            col(Placement.start_date) == start_date,
            col(Placement.status).in_([s.value for s in OPEN]),
        )
    ).scalar_one_or_none()
    if same is not None:
        return same, False
    now = clock.now()
    row = Placement(
        case_id=case.id,
        episode=case.episode,
        service_id=service_id,
        status=PlacementStatus.requested.value,
        start_date=start_date,
        requested_at=now,
        requested_by=principal.username,
        updated_at=now,
        updated_by=principal.username,
    )
    session.add(row)
    session.flush()
    _record(session, row, principal, "placement_requested")
    return row, True


def _placement(session: Session, principal: Principal, placement_id: str) -> tuple[Placement, Case]:
    """The placement and its case (locked, in the caller's scope, the write audited)."""
    row = session.get(Placement, placement_id)
    if row is None:
        raise NotFound(f"no placement {placement_id}")
    case = case_for_write(session, principal, row.case_id, Action.placement)
    session.refresh(row, with_for_update=True)
    return row, case


def _move(row: Placement, to: PlacementStatus) -> None:
    current = PlacementStatus(row.status)
    if not may_move(current, to):
        raise Conflict(f"a {current.value} placement cannot be {to.value}")


def _touch(row: Placement, principal: Principal, status: PlacementStatus) -> None:
    row.status = status.value
    row.updated_at = clock.now()
    row.updated_by = principal.username


def _record(session: Session, row: Placement, principal: Principal, kind: str) -> None:
    record(
        session,
        case_id=row.case_id,
        kind=kind,
        actor=principal.username,
        data={
            "placement_id": row.id,
            "service_id": row.service_id,
            "status": row.status,
            "start_date": row.start_date.isoformat(),
            "end_date": row.end_date.isoformat() if row.end_date else None,
        },
    )


def offer(session: Session, *, principal: Principal, placement_id: str) -> Placement:
    """The provider offers the place."""
    row, _case = _placement(session, principal, placement_id)
    _move(row, PlacementStatus.offered)
    _touch(row, principal, PlacementStatus.offered)
    row.answered_at = clock.now()
    close_reply_chase(session, row)
    _record(session, row, principal, "placement_offered")
    return row


def decline(session: Session, *, principal: Principal, placement_id: str, reason: str) -> Placement:
    """The provider (or the person) declines: requested or offered only."""
    row, _case = _placement(session, principal, placement_id)
    _move(row, PlacementStatus.declined)
    _touch(row, principal, PlacementStatus.declined)
    row.reason = reason
    row.answered_at = row.answered_at or clock.now()
    close_reply_chase(session, row)
    _record(session, row, principal, "placement_declined")
    return row


def end(
    session: Session, *, principal: Principal, placement_id: str, end_date: date, reason: str
) -> Placement:
    """Move-on, eviction, recall: the place is free from `end_date` (which may be ahead)."""
    row, _case = _placement(session, principal, placement_id)
    _move(row, PlacementStatus.ended)
    if end_date < row.start_date:
        raise InvalidInput([FieldProblem("end_date", "is before the placement's start date")])
    _touch(row, principal, PlacementStatus.ended)
    row.end_date = end_date
    row.reason = reason
    _record(session, row, principal, "placement_ended")
    return row


def place_free_clause(placement_id: str, service_id: str, start: date) -> ColumnElement[bool]:
    """SQL: on no day the place would be held (its start, and each later start of a place
    held at the service) is every place of the service already held."""
    held = aliased(Placement)
    holding = [s.value for s in HOLDING_STATUSES]
    later: Select[Any] = select(col(held.start_date).label("day")).where(
        col(held.service_id) == service_id,
        col(held.status).in_(holding),
        col(held.start_date) > start,
    )
    days = union(select(literal(start, Date).label("day")), later).subquery("days")
    taker = aliased(Placement)
    taken = (
        select(func.count())
        .select_from(taker)
        .where(
            col(taker.service_id) == service_id,
            col(taker.status).in_(holding),
            col(taker.id) != placement_id,
            col(taker.start_date) <= days.c.day,
            or_(col(taker.end_date).is_(None), col(taker.end_date) > days.c.day),
        )
        .scalar_subquery()
    )
    capacity = select(col(Service.capacity)).where(col(Service.id) == service_id)
    return ~exists(select(days.c.day).where(taken >= capacity.scalar_subquery()))


def confirm(session: Session, *, principal: Principal, placement_id: str) -> Placement:
    """Confirm an offered place if one is free (else 409); the case's release-night
    accommodation becomes this place, so housing is resolved and its tasks close."""
    row, case = _placement(session, principal, placement_id)
    _move(row, PlacementStatus.confirmed)
    service = session.execute(
        select(Service).where(col(Service.id) == row.service_id).with_for_update()
    ).scalar_one()
    kind = ServiceKind(service.kind)
    statement = update(Placement).where(
        col(Placement.id) == row.id, col(Placement.status) == PlacementStatus.offered.value
    )
    if kind != ServiceKind.floating_support:
        statement = statement.where(place_free_clause(row.id, service.id, row.start_date))
    now = clock.now()
    done = session.execute(
        statement.values(
            status=PlacementStatus.confirmed.value, updated_at=now, updated_by=principal.username
        ).execution_options(synchronize_session=False)
    )
    if not done.rowcount:  # type: ignore[attr-defined]
        raise Conflict(
            f"no free place at {service.name} on {row.start_date.isoformat()} "
            "(or on a later day the place would be held)"
        )
    session.refresh(row)
    _record(session, row, principal, "placement_confirmed")
    if kind in HOUSING_BY_KIND and Stage(case.stage) not in FINAL_STAGES:
        put_accommodation(
            session,
            principal=principal,
            case_id=case.id,
            housing_status=HOUSING_BY_KIND[kind],
            address=service.address,
            provider=service.provider,
            start_date=row.start_date,
            confirmed=True,
        )
    return row
