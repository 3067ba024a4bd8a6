"""The inbox rows as a queue: which messages are due, claiming one (only when it is first in
line for its person), and writing what became of it.

A message is first in line when no earlier message of the same person (by `occurred_at`, then
arrival) is still pending or being processed, so a person's messages are applied in the order
they happened, whatever the number of runs and workers. A message waiting for the search API
holds back the person's later messages; a failed one does not (it was decided).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, exists, or_, select, true
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from integrations.hmpps import Movement
from resettlement.inbox.rules import Message
from resettlement.pipes.claims import Lease, backoff_s, lease_for
from resettlement.policy import HmppsEventsPolicy
from resettlement.storage.db import session_scope
from resettlement.storage.tables import InboxMessage, Prison
from resettlement.vocabulary import InboxStatus

UNFINISHED = (InboxStatus.pending.value, InboxStatus.processing.value)
LEASE = Lease(
    table=InboxMessage,
    key=col(InboxMessage.seq),
    state=col(InboxMessage.status),
    claimed_at=col(InboxMessage.claimed_at),
    waiting=(InboxStatus.pending.value,),
    busy=InboxStatus.processing.value,
    due=col(InboxMessage.next_attempt_at),
)
INTAKE_S = 30.0  # far more than applying one message's events takes


def inbox_lease(rules: HmppsEventsPolicy) -> timedelta:
    """A message's token fetch and search call, and its intake, twice over."""
    per_call = rules.search_connect_timeout_s + rules.search_read_timeout_s
    return lease_for(per_try_s=2 * per_call + INTAKE_S, tries=1)


def first_in_line() -> ColumnElement[bool]:
    """No earlier message of the same person is still pending or being processed."""
    other = aliased(InboxMessage)
    earlier = or_(
        col(other.occurred_at) < col(InboxMessage.occurred_at),
        and_(
            col(other.occurred_at) == col(InboxMessage.occurred_at),
            col(other.seq) < col(InboxMessage.seq),
        ),
    )
    return ~exists().where(
        col(other.noms_number) == col(InboxMessage.noms_number),
        col(other.status).in_(UNFINISHED),
        earlier,
    )


def of_region(region: str | None) -> ColumnElement[bool]:
    """Messages about a prison of `region` (every message when None)."""
    if region is None:
        return true()
    prisons = select(col(Prison.code)).where(col(Prison.region) == region)
    return col(InboxMessage.prison).in_(prisons)


def due(engine: Engine, now: datetime, lease: timedelta, region: str | None = None) -> list[int]:
    """The messages a run should try, in the order they happened."""
    order = (col(InboxMessage.occurred_at), col(InboxMessage.seq))
    with session_scope(engine, write=False) as session:
        return LEASE.to_try(session, now, lease, of_region(region), order)


@dataclass(frozen=True)
class Claimed:
    seq: int
    message: Message
    attempts: int  # including this one
    claimed_at: datetime


def claim(engine: Engine, seq: int, now: datetime, lease: timedelta) -> Claimed | None:
    """Take one message for this run, if it is free and first in line for its person."""
    with session_scope(engine) as session:
        if not LEASE.take(
            session,
            seq,
            now,
            lease,
            where=[first_in_line()],
            attempts=col(InboxMessage.attempts) + 1,
        ):
            return None
        row = session.get_one(InboxMessage, seq)
        assert row.noms_number and row.prison and row.movement and row.occurred_at
        message = Message(
            key=f"hmpps-inbox:{seq}",
            movement=Movement(row.movement),
            prison=row.prison,
            noms_number=row.noms_number,
            occurred_at=row.occurred_at,
        )
        return Claimed(seq, message, row.attempts, now)


def settle(session: Session, claimed: Claimed, status: InboxStatus, **values: Any) -> bool:
    """Write the outcome within the caller's transaction; False if the claim was lost."""
    return LEASE.settle(
        session,
        claimed.seq,
        claimed.claimed_at,
        status=status.value,
        processed_at=claimed.claimed_at,
        last_error=None,
        next_attempt_at=None,
        **values,
    )


def wait(
    engine: Engine,
    claimed: Claimed,
    *,
    error: str,
    retry_after: float | None,
    rules: HmppsEventsPolicy,
) -> None:
    """Back to pending, tried again after the backoff (or the wait the API asked for)."""
    pause = backoff_s(rules.retry_backoff_s, claimed.attempts, rules.retry_backoff_max_s)
    again = claimed.claimed_at + timedelta(seconds=max(pause, retry_after or 0.0))
    _settle_alone(engine, claimed, InboxStatus.pending, last_error=error, next_attempt_at=again)


def fail(engine: Engine, claimed: Claimed, *, error: str) -> None:
    """It cannot be applied: failed, with the error kept (an admin may retry it)."""
    at = claimed.claimed_at
    _settle_alone(engine, claimed, InboxStatus.failed, last_error=error[:500], processed_at=at)


def _settle_alone(engine: Engine, claimed: Claimed, status: InboxStatus, **values: Any) -> None:
    with session_scope(engine) as session:
        LEASE.settle(session, claimed.seq, claimed.claimed_at, status=status.value, **values)
