"""The inbox as the admin reads it (`GET /hmpps-events`, the pipes page): never the payload."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlmodel import Session, col

from resettlement.paging import Listing, SortKey, Window, capped_count, keyset_page
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


# Latest received first.
LATEST = (SortKey(col(InboxMessage.seq), descending=True),)


def list_inbox(
    session: Session,
    *,
    status: InboxStatus | None,
    prison_number: str | None,
    window: Window,
) -> Listing[InboxMessageOut]:
    """Messages matching the filters, latest received first; and how many match in all."""
    where = []
    if status is not None:
        where.append(col(InboxMessage.status) == status.value)
    if prison_number is not None:
        where.append(col(InboxMessage.noms_number) == prison_number.upper())
    query = select(InboxMessage).where(*where)
    rows, next_cursor = keyset_page(session, query, LATEST, window)
    total, exact = capped_count(session, query)
    items = [InboxMessageOut.model_validate(r) for r in rows]
    return Listing(items, total, exact, next_cursor)
