"""The inbox as the admin reads it (`GET /hmpps-events`, the pipes page): never the payload."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select
from sqlmodel import Session, col

from resettlement.storage.tables import InboxMessage
from resettlement.vocabulary import InboxStatus


class InboxMessageOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    seq: int
    message_id: str
    event_type: str
    noms_number: str | None
    prison: str | None
    movement: str | None
    reason: str | None
    occurred_at: datetime | None
    received_at: datetime
    status: str
    outcome: str | None
    case_id: str | None
    attempts: int
    last_error: str | None
    next_attempt_at: datetime | None


def list_inbox(
    session: Session,
    *,
    status: InboxStatus | None,
    prison_number: str | None,
    page: int,
    page_size: int,
) -> tuple[list[InboxMessageOut], int]:
    """Messages matching the filters, latest received first; and how many match in all."""
    where = []
    if status is not None:
        where.append(col(InboxMessage.status) == status.value)
    if prison_number is not None:
        where.append(col(InboxMessage.noms_number) == prison_number.upper())
    total = session.execute(select(func.count()).select_from(InboxMessage).where(*where)).scalar()
    rows = session.execute(
        select(InboxMessage)
        .where(*where)
        .order_by(col(InboxMessage.seq).desc())
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).scalars()
    return [InboxMessageOut.model_validate(r) for r in rows], int(total or 0)
