"""POST /hmpps-events: an HMPPS domain event, bare or in its SNS envelope (the feed, admin);
GET /hmpps-events (admin): the inbox; POST /hmpps-events/{seq}/retry (admin)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query, status
from pydantic import BaseModel, Field

from resettlement import clock
from resettlement.api.deps import Admin, EventPoster, ReferenceDep, WriteDB
from resettlement.api.routes.cases import CursorQ, PageNo, PageSize
from resettlement.api.schemas import Page
from resettlement.inbox.commands import retry_inbox_message
from resettlement.inbox.reads import InboxMessageOut, list_inbox
from resettlement.inbox.store import receive
from resettlement.paging import Window
from resettlement.vocabulary import InboxStatus

router = APIRouter(tags=["other systems"])

SeqPath = Annotated[int, Path(ge=1, le=2**63 - 1)]

EXAMPLE = {
    "eventType": "prisoner-offender-search.prisoner.received",
    "version": 1,
    "occurredAt": "2026-11-24T09:15:02+00:00",
    "additionalInformation": {
        "nomsNumber": "A1234BC",
        "prisonId": "DMI",
        "reason": "NEW_ADMISSION",
    },
    "personReference": {"identifiers": [{"type": "NOMS", "value": "A1234BC"}]},
}


class HmppsEventReceipt(BaseModel):
    status: str = Field(description="accepted (stored, to be processed), duplicate or ignored")
    case_id: str | None = Field(description="the case it was applied to, when already known")
    reason: str | None = Field(description="why it was ignored")
    inbox_id: int | None = Field(description="the message's place in the inbox")


@router.post(
    "/hmpps-events", status_code=status.HTTP_202_ACCEPTED, response_model=HmppsEventReceipt
)
def post_hmpps_event(
    message: Annotated[
        dict[str, Any],
        Body(
            description="the event bare, or its SNS envelope {Type: Notification, MessageId, "
            "Message: the event as a JSON string, MessageAttributes}",
            examples=[EXAMPLE],
        ),
    ],
    session: WriteDB,
    ref: ReferenceDep,
    _caller: EventPoster,
) -> HmppsEventReceipt:
    """Stored before anything else; completed from the Prisoner Search API and applied right
    after (in order per person). The same message again changes nothing (`duplicate`)."""
    receipt = receive(session, message, reference=ref, now=clock.now())
    return HmppsEventReceipt(
        status=receipt.status, case_id=receipt.case_id, reason=receipt.reason, inbox_id=receipt.seq
    )


@router.get("/hmpps-events", response_model=Page[InboxMessageOut])
def inbox(
    session: WriteDB,
    _caller: Admin,
    status: InboxStatus | None = None,
    prison_number: Annotated[str | None, Query(max_length=7)] = None,
    page: PageNo = 1,
    page_size: PageSize = 50,
    cursor: CursorQ = None,
) -> Page[InboxMessageOut]:
    """The inbox, latest first: each message's state, outcome and last error (never its payload)."""
    window = Window(page, page_size, cursor)
    listing = list_inbox(session, status=status, prison_number=prison_number, window=window)
    return Page.of(listing, listing.rows)


@router.post("/hmpps-events/{seq}/retry", status_code=status.HTTP_202_ACCEPTED)
def retry(seq: SeqPath, session: WriteDB, _caller: Admin) -> dict[str, str]:
    """A failed message is processed again (409 unless it failed)."""
    retry_inbox_message(session, seq)
    return {"status": "pending"}
