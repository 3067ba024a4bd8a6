"""The outbox rows of GOV.UK Notify messages: due, claimed, and what became of each.

A run claims a message with a lease (pipes/claims.py); claiming marks it `lookup_first`, so that
if this run's attempt ends unknown (a timeout, a crash) whoever tries next asks Notify for our
reference before sending it again. Each function is its own transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, exists, or_, true
from sqlmodel import col

from resettlement.cases.partition import in_region
from resettlement.cases.timeline import record
from resettlement.pipes.claims import Lease, lease_for
from resettlement.policy import NotifyPolicy
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Case, Notification
from resettlement.vocabulary import NotificationKind, NotificationStatus

S = NotificationStatus
LEASE = Lease(
    table=Notification,
    key=col(Notification.id),
    state=col(Notification.status),
    claimed_at=col(Notification.claimed_at),
    waiting=(S.pending.value,),
    busy=S.sending.value,
    due=col(Notification.next_attempt_at),
)


def notify_lease(rules: NotifyPolicy) -> timedelta:
    """A lookup and a send, each within the timeouts, twice over."""
    return lease_for(per_try_s=2 * (rules.connect_timeout_s + rules.read_timeout_s), tries=1)


def of_region(region: str | None) -> ColumnElement[bool]:
    """Messages about the cases of `region` (cases/partition.py), or to its teams."""
    if region is None:
        return true()
    about_case = exists().where(col(Case.id) == col(Notification.case_id), in_region(region))
    return or_(
        and_(col(Notification.case_id).is_not(None), about_case),
        and_(col(Notification.case_id).is_(None), col(Notification.region) == region),
    )


def due(engine: Engine, now: datetime, lease: timedelta, region: str | None = None) -> list[str]:
    """The ids of the messages a run should try, oldest first."""
    order = (col(Notification.created_at), col(Notification.id))
    with session_scope(engine, write=False) as session:
        return LEASE.to_try(session, now, lease, of_region(region), order)


@dataclass(frozen=True)
class Claimed:
    id: str
    kind: NotificationKind
    cause: str
    channel: str
    recipient: str | None
    case_id: str | None
    scope: str | None
    attempts: int  # including this one
    lookup_first: bool  # an earlier attempt may have reached Notify
    claimed_at: datetime


def claim(engine: Engine, notification_id: str, now: datetime, lease: timedelta) -> Claimed | None:
    """Take one message for this run (None if another run has it, or it is done)."""
    with session_scope(engine) as session:
        row = session.get(Notification, notification_id)
        if row is None:
            return None
        earlier = row.lookup_first
        if not LEASE.take(
            session,
            notification_id,
            now,
            lease,
            where=[col(Notification.lookup_first) == earlier],
            attempts=col(Notification.attempts) + 1,
            lookup_first=True,
        ):
            return None
        return Claimed(
            id=row.id,
            kind=NotificationKind(row.kind),
            cause=row.cause,
            channel=row.channel,
            recipient=row.recipient,
            case_id=row.case_id,
            scope=row.scope,
            attempts=row.attempts + 1,
            lookup_first=earlier,
            claimed_at=now,
        )


def finish(engine: Engine, claimed: Claimed, status: NotificationStatus, **values: Any) -> bool:
    """Write the outcome while the claim holds (False: another run took the message over)."""
    if status != S.pending:
        values.setdefault("next_attempt_at", None)
    with session_scope(engine) as session:
        done = LEASE.settle(session, claimed.id, claimed.claimed_at, status=status.value, **values)
        if done and status == S.sent and claimed.kind == NotificationKind.duty_to_refer:
            _referral_sent(session, claimed, values.get("sent_at") or claimed.claimed_at)
        return done


def untried(engine: Engine, claimed: Claimed, status: NotificationStatus, **values: Any) -> str:
    """The outcome of a claim that sent nothing (cancelled, no mailbox, recorded only): the
    attempt is not counted and nothing new may have reached Notify. Returns the status."""
    restored = {"attempts": claimed.attempts - 1, "lookup_first": claimed.lookup_first}
    finish(engine, claimed, status, **(restored | values))
    return status.value


def _referral_sent(session: Any, claimed: Claimed, at: datetime) -> None:
    """The record of when the referral went, and where, on the case's timeline."""
    assert claimed.case_id is not None
    record(
        session,
        case_id=claimed.case_id,
        kind="referral_sent",
        actor="system",
        at=at,
        data={"referral_id": claimed.cause, "to": claimed.recipient, "via": "GOV.UK Notify"},
    )
