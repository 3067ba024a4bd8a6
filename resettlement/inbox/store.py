"""Receiving an HMPPS domain event: stored first, answered at once (API.md `POST /hmpps-events`).

A message is parsed without I/O and stored once by its message id (the unique key decides,
never a prior SELECT): `pending` to be processed, or `ignored` at once with the reason (a
movement the gateway does not act on, an event type it does not handle, a prison it does not
cover). The same message again is a duplicate and changes nothing. A malformed one is refused
(422 naming the field) and not stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from integrations.hmpps import BadEvent, HmppsEvent, UnsupportedEvent, parse_event
from resettlement.errors import InvalidInput
from resettlement.pipes.wake import wake_after_commit
from resettlement.policy import Reference
from resettlement.storage.tables import InboxMessage
from resettlement.storage.upsert import insert_for
from resettlement.vocabulary import InboxStatus

MAX_TEXT = 500


@dataclass(frozen=True)
class Receipt:
    """The answer: accepted (stored, to be processed), duplicate or ignored (with the reason)."""

    status: str
    case_id: str | None = None
    reason: str | None = None
    seq: int | None = None


def receive(session: Session, raw: Any, *, reference: Reference, now: datetime) -> Receipt:
    """Store one message (bare or in its SNS envelope) unless it is already stored."""
    try:
        event = parse_event(raw)
    except BadEvent as exc:
        raise InvalidInput.one(exc.field, str(exc).split(": ", 1)[-1]) from None
    except UnsupportedEvent as exc:
        row = _row(exc.message_id, exc.event_type, raw, now) | _ignored(str(exc))
    else:
        row = _row(event.message_id, event.event_type, raw, now) | _facts(event, reference)
    stored = session.execute(
        insert_for(session, InboxMessage.__table__)  # type: ignore[attr-defined]
        .values(**row)
        .on_conflict_do_nothing(index_elements=["message_id"])
        .returning(col(InboxMessage.seq))
    ).scalar()
    if stored is None:
        return _duplicate(session, row["message_id"])
    if row["status"] == InboxStatus.ignored.value:
        return Receipt("ignored", reason=row["outcome"], seq=stored)
    wake_after_commit(session)
    return Receipt("accepted", seq=stored)


def _row(message_id: str, event_type: str, raw: Any, now: datetime) -> dict[str, Any]:
    return {
        "message_id": message_id,
        "event_type": event_type[:100],
        "received_at": now,
        "payload": raw,
        "attempts": 0,
    }


def _ignored(reason: str) -> dict[str, Any]:
    return {"status": InboxStatus.ignored.value, "outcome": reason[:MAX_TEXT]}


def _facts(event: HmppsEvent, reference: Reference) -> dict[str, Any]:
    facts = {
        "noms_number": event.noms_number,
        "prison": event.prison_id[:10],
        "movement": event.movement.value,
        "reason": event.reason[:100],
        "movement_code": (event.movement_reason_code or "")[:10] or None,
        "occurred_at": event.occurred_at,
        "status": InboxStatus.pending.value,
    }
    if event.ignore_reason is not None:
        return facts | _ignored(event.ignore_reason)
    if event.prison_id not in reference.prisons:
        return facts | _ignored(f"prison {event.prison_id[:10]!r} is not one the gateway covers")
    return facts


def _duplicate(session: Session, message_id: str) -> Receipt:
    seq, case_id = session.execute(
        select(col(InboxMessage.seq), col(InboxMessage.case_id)).where(
            col(InboxMessage.message_id) == message_id
        )
    ).one()
    return Receipt("duplicate", case_id=case_id, seq=seq)
