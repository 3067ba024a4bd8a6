"""The outbox as the admin reads it (API.md `GET /notifications`, the pipes page)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select
from sqlmodel import Session, col

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


def list_notifications(
    session: Session, filters: NotificationFilters, *, page: int, page_size: int
) -> tuple[list[NotificationOut], int]:
    """Messages matching the filters, newest first; and how many match in all."""
    where = []
    if filters.kind is not None:
        where.append(col(Notification.kind) == filters.kind.value)
    if filters.status is not None:
        where.append(col(Notification.status) == filters.status.value)
    if filters.case_id is not None:
        where.append(col(Notification.case_id) == filters.case_id)
    total = session.execute(select(func.count()).select_from(Notification).where(*where)).scalar()
    rows = session.execute(
        select(Notification)
        .where(*where)
        .order_by(col(Notification.created_at).desc(), col(Notification.id))
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).scalars()
    return [NotificationOut.model_validate(r) for r in rows], int(total or 0)
