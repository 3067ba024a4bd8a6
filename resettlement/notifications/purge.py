"""Retention of the Notify outbox: a message decided (sent, recorded only, or cancelled) is
deleted `notify.keep_days` after it was made: its row names a recipient, for a text message the
person's mobile number. A message still waiting or failed is kept until it is dealt with.

Every region's sweep runs it over the whole outbox (a cheap, idempotent delete).
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, col

from resettlement import clock
from resettlement.pipes.claims import delete_decided
from resettlement.policy import Policy
from resettlement.storage.tables import Notification
from resettlement.sweeps import SweepResult
from resettlement.vocabulary import NotificationStatus

S = NotificationStatus
DECIDED = (S.sent.value, S.not_sent.value, S.cancelled.value)


def purge_notifications(
    session: Session, *, today: date, policy: Policy, region: str | None = None
) -> SweepResult:
    """Delete the decided messages made more than `keep_days` before today."""
    cutoff = clock.start_of_day(today - timedelta(days=policy.notify.keep_days))
    made, status = col(Notification.created_at), col(Notification.status)
    gone = delete_decided(session, Notification, made, status, DECIDED, cutoff)
    return SweepResult("notifications_purge", closed=gone)
