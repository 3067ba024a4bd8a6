"""The pipes to and from other systems: the inbox of HMPPS domain events and the outbox of
GOV.UK Notify messages (the handover outbox lives on the handover itself).

Personal data: an inbox message holds a prison number and, in its raw payload, what HMPPS sent
(purged after `hmpps_events.keep_days`); a notification's `recipient` is a team mailbox, a
council's address, or, for an SMS, the person's mobile number. No message text is stored: it is
built from the case when it is sent (access/visibility.py decides what it may hold).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from resettlement.storage.types import JSONData, new_id, utc_column


class InboxMessage(SQLModel, table=True):
    """One HMPPS domain event as received, stored before anything is done with it.

    `message_id` (SNS MessageId, or the hash of a bare event) makes receiving idempotent; the
    person's messages are processed in the order they happened (`occurred_at`, then `seq`).
    """

    __tablename__ = "hmpps_inbox"
    __table_args__ = (
        Index("ix_hmpps_inbox_status_due", "status", "next_attempt_at"),
        Index("ix_hmpps_inbox_person", "noms_number", "occurred_at", "seq"),
        Index("ix_hmpps_inbox_received", "received_at"),
    )

    seq: int | None = Field(default=None, primary_key=True)
    message_id: str = Field(max_length=100, unique=True)
    event_type: str = Field(max_length=100)
    noms_number: str | None = Field(default=None, max_length=7)  # personal data
    prison: str | None = Field(default=None, max_length=10)
    movement: str | None = Field(default=None, max_length=20)
    reason: str | None = Field(default=None, max_length=100)  # HMPPS's reason, e.g. RELEASED
    movement_code: str | None = Field(default=None, max_length=10)
    occurred_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    received_at: datetime = Field(sa_column=utc_column(nullable=False))
    status: str = Field(max_length=20)  # InboxStatus
    outcome: str | None = Field(default=None, max_length=500)  # why ignored, or what was done
    case_id: str | None = Field(default=None, foreign_key="case.id", max_length=36)
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=500)
    next_attempt_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    claimed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    processed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    payload: dict[str, Any] = Field(sa_column=Column(JSONData, nullable=False))


class Notification(SQLModel, table=True):
    """One message to send through GOV.UK Notify: exactly one per (kind, cause).

    `id` is the reference Notify keeps with the message, so an attempt whose outcome is unknown
    (a timeout) is looked up before the message is sent again (`lookup_first`).
    """

    __tablename__ = "notification"
    __table_args__ = (
        UniqueConstraint("kind", "cause"),
        Index("ix_notification_status_due", "status", "next_attempt_at"),
        Index("ix_notification_case", "case_id"),
        Index("ix_notification_created", "created_at"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    kind: str = Field(max_length=40)  # NotificationKind
    cause: str = Field(max_length=200)  # what gave rise to it, e.g. a task's dedupe key
    channel: str = Field(max_length=10)  # NotificationChannel
    recipient: str | None = Field(default=None, max_length=320)  # personal data for an SMS
    case_id: str | None = Field(default=None, foreign_key="case.id", max_length=36)
    region: str | None = Field(default=None, max_length=3)  # a team's region (no case)
    scope: str | None = Field(default=None, max_length=10)  # the mailbox's prison/area/region
    status: str = Field(max_length=20)  # NotificationStatus
    attempts: int = 0
    lookup_first: bool = False  # an earlier attempt may have reached Notify
    last_error: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    next_attempt_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    claimed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    sent_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    notify_id: str | None = Field(default=None, max_length=36)
