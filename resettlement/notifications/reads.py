"""The outbox as the admin reads it (API.md `GET /notifications`, the pipes page)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlmodel import Session, col

from resettlement.paging import Listing, SortKey, Window, capped_count, keyset_page
from resettlement.storage.tables import Notification
from resettlement.vocabulary import NotificationKind, NotificationStatus


class NotificationOut(BaseModel):
    """One message: never what it said (built when sent, not stored)."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    kind: str
    channel: str
    recipient: str | None
    status: str
    case_id: str | None
    created_at: datetime
    sent_at: datetime | None
    attempts: int
    last_error: str | None
    next_attempt_at: datetime | None


@dataclass(frozen=True)
class NotificationFilters:
    kind: NotificationKind | None = None
    status: NotificationStatus | None = None
    case_id: str | None = None


# Newest first, then id.
NEWEST = (SortKey(col(Notification.created_at), descending=True), SortKey(col(Notification.id)))


def list_notifications(
    session: Session, filters: NotificationFilters, window: Window
) -> Listing[NotificationOut]:
    """Messages matching the filters, newest first; and how many match in all."""
    where = []
    if filters.kind is not None:
        where.append(col(Notification.kind) == filters.kind.value)
    if filters.status is not None:
        where.append(col(Notification.status) == filters.status.value)
    if filters.case_id is not None:
        where.append(col(Notification.case_id) == filters.case_id)
    query = select(Notification).where(*where)
    rows, next_cursor = keyset_page(session, query, NEWEST, window)
    total, exact = capped_count(session, query)
    items = [NotificationOut.model_validate(r) for r in rows]
    return Listing(items, total, exact, next_cursor)
