"""The case timeline: every change is recorded as a domain event, oldest first."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from resettlement import clock
from resettlement.cases.stages import check_transition
from resettlement.storage.tables import Case, DomainEvent
from resettlement.vocabulary import FINAL_STAGES, Stage


def record(
    session: Session,
    *,
    case_id: str,
    kind: str,
    actor: str,
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> DomainEvent:
    event = DomainEvent(
        case_id=case_id, kind=kind, actor=actor, data=data or {}, occurred_at=at or clock.now()
    )
    session.add(event)
    return event


def event_row(
    *,
    case_id: str,
    kind: str,
    actor: str,
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> dict[str, Any]:
    """The column values of a domain event, for bulk inserts (the intake's batches)."""
    return {
        "case_id": case_id,
        "kind": kind,
        "actor": actor,
        "data": data or {},
        "occurred_at": at or clock.now(),
    }


def move_stage(
    session: Session,
    case: Case,
    target: Stage,
    *,
    actor: str,
    reason: str,
    at: datetime | None = None,
    sink: list[dict[str, Any]] | None = None,
) -> None:
    """Move a case along the path (IllegalTransition if the table forbids it) and record it.

    With `sink`, the domain event is appended there as a row for a bulk insert (the intake)
    instead of being added to the session.
    """
    current = Stage(case.stage)
    if current == target:
        return
    check_transition(current, target)
    case.stage = target
    case.updated_at = clock.now()
    # When the case ended (closed or withdrawn) starts the retention clock; a recall restarts it.
    case.ended_at = (at or clock.now()) if target in FINAL_STAGES else None
    data = {"from": current.value, "to": target.value, "reason": reason}
    if sink is not None:
        sink.append(event_row(case_id=case.id, kind="stage_changed", actor=actor, at=at, data=data))
    else:
        record(session, case_id=case.id, kind="stage_changed", actor=actor, at=at, data=data)


def events_of(session: Session, case_id: str) -> list[DomainEvent]:
    query = select(DomainEvent).where(DomainEvent.case_id == case_id).order_by(DomainEvent.seq)  # type: ignore[arg-type]
    return list(session.exec(query))
