"""An admin's retry of a message (the pipes page, `POST /notifications/{id}/retry`)."""

from __future__ import annotations

from sqlmodel import Session

from resettlement import clock
from resettlement.notifications.outbox import LEASE
from resettlement.pipes.wake import wake_after_commit
from resettlement.vocabulary import NotificationStatus


def retry_notification(session: Session, notification_id: str) -> None:
    """A failed (or recorded, not sent) message is tried again now, with fresh attempts; Notify
    is asked first if an earlier attempt may have reached it."""
    LEASE.reopen(
        session,
        notification_id,
        "message",
        NotificationStatus.failed.value,
        NotificationStatus.not_sent.value,
        attempts=0,
        next_attempt_at=clock.now(),
    )
    wake_after_commit(session)
