"""Retention of the inbox: messages (with the raw payload HMPPS sent) are deleted
`hmpps_events.keep_days` after they were received, once decided (processed or ignored); a
message still waiting, or failed and not yet dealt with by an admin, is kept whatever its age
(nothing is lost; as in the Notify outbox).

Every region's sweep runs it over the whole inbox: a cheap, idempotent delete (a message of an
event type we do not handle names no prison, so no region would own it).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, col

from resettlement import clock
from resettlement.pipes.claims import delete_decided
from resettlement.policy import Policy
from resettlement.storage.tables import InboxMessage
from resettlement.sweeps import SweepResult
from resettlement.vocabulary import InboxStatus

DECIDED = (InboxStatus.processed.value, InboxStatus.ignored.value)


def purge_inbox(
    session: Session, *, today: date, policy: Policy, region: str | None = None
) -> SweepResult:
    """Delete the decided messages received more than `keep_days` before today."""
    cutoff = clock.start_of_day(today - timedelta(days=policy.hmpps_events.keep_days))
    received, status = col(InboxMessage.received_at), col(InboxMessage.status)
    gone = delete_decided(session, InboxMessage, received, status, DECIDED, cutoff)
    return SweepResult("hmpps_inbox_purge", closed=gone)
