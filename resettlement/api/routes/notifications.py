"""GET /notifications (admin): the GOV.UK Notify outbox; POST /notifications/{id}/retry."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status

from resettlement.api.deps import Admin, WriteDB
from resettlement.api.routes.cases import CursorQ, PageNo, PageSize
from resettlement.api.schemas import Page
from resettlement.notifications.commands import retry_notification
from resettlement.notifications.reads import (
    NotificationFilters,
    NotificationOut,
    list_notifications,
)
from resettlement.paging import Window
from resettlement.vocabulary import NotificationKind, NotificationStatus

router = APIRouter(tags=["other systems"])


@router.get("/notifications", response_model=Page[NotificationOut])
def notifications(
    session: WriteDB,
    _caller: Admin,
    kind: NotificationKind | None = None,
    status: NotificationStatus | None = None,
    case_id: Annotated[str | None, Query(max_length=36)] = None,
    page: PageNo = 1,
    page_size: PageSize = 50,
    cursor: CursorQ = None,
) -> Page[NotificationOut]:
    """Messages, newest first: where each went, its state, attempts and last error (never what
    it said: that is built from the case when it is sent, and not stored)."""
    filters = NotificationFilters(kind=kind, status=status, case_id=case_id)
    listing = list_notifications(session, filters, Window(page, page_size, cursor))
    return Page.of(listing, listing.rows)


@router.post("/notifications/{notification_id}/retry", status_code=status.HTTP_202_ACCEPTED)
def retry(
    notification_id: Annotated[str, Path(max_length=36)],
    session: WriteDB,
    _caller: Admin,
) -> dict[str, str]:
    """A failed (or recorded, not sent) message is tried again now (409 otherwise)."""
    retry_notification(session, notification_id)
    return {"status": "pending"}
