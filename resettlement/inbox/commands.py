"""An admin's retry of a failed inbox message (the pipes page, `POST /hmpps-events/{seq}/retry`)."""

from __future__ import annotations

from sqlmodel import Session

from resettlement import clock
from resettlement.inbox.queue import LEASE
from resettlement.pipes.wake import wake_after_commit
from resettlement.vocabulary import InboxStatus


def retry_inbox_message(session: Session, seq: int) -> None:
    """A failed message is processed again, now, from the start (its attempts counted afresh)."""
    LEASE.reopen(
        session,
        seq,
        "inbox message",
        InboxStatus.failed.value,
        attempts=0,
        next_attempt_at=clock.now(),
        processed_at=None,
    )
    wake_after_commit(session)
