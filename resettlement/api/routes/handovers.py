"""GET /handovers (the CJIT inbox and delivery state), accepting one, a missed first appointment."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from pydantic import BaseModel, Field, StringConstraints
from sqlmodel import Session

from resettlement import clock
from resettlement.access.audit import record_reads
from resettlement.access.users import Principal
from resettlement.api.deps import Caller, PolicyDep, ReadDB, WriteDB, caller_may
from resettlement.api.routes.cases import CursorQ, PageNo, PageSize
from resettlement.api.schemas import Page
from resettlement.handover.acceptance import record_missed_appointment
from resettlement.handover.inputs import AcceptIn, MissedAppointmentIn
from resettlement.handover.reads import HandoverFilters, HandoverOut, get_handover, list_handovers
from resettlement.paging import Window
from resettlement.storage.tables import Case, Handover
from resettlement.tasks.reads import TaskOut
from resettlement.vocabulary import Action, DeliveryState, HandoverStatus

router = APIRouter(tags=["handovers"])

Worker = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Notes = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]


class MissedAppointmentOut(BaseModel):
    task: TaskOut
    duplicate: bool = Field(description="true when this missed appointment was already recorded")


def _out(session: Session, row: Handover, caller: Principal) -> HandoverOut:
    case = session.get(Case, row.case_id)
    consent = bool(case and case.consent_share_cjit)
    return HandoverOut.of(row, consent=consent, caller=caller, now=clock.now())


@router.get("/handovers", response_model=Page[HandoverOut])
def handovers(
    caller: Caller,
    session: ReadDB,
    area: Annotated[str | None, Query(max_length=9)] = None,
    status: HandoverStatus | None = None,
    delivery_state: DeliveryState | None = None,
    overdue: bool | None = None,
    case_id: Annotated[str | None, Query(max_length=36)] = None,
    page: PageNo = 1,
    page_size: PageSize = 50,
    cursor: CursorQ = None,
) -> Page[HandoverOut]:
    """Handovers in scope: a CJIT worker's area inbox, a ROM's region, a prison's cases."""
    now = clock.now()
    filters = HandoverFilters(
        area=area, status=status, delivery_state=delivery_state, overdue=overdue, case_id=case_id
    )
    listing = list_handovers(
        session, caller, filters, now=now, window=Window(page, page_size, cursor)
    )
    record_reads(session, caller, [h.case_id for h, _ in listing.rows], action="list")
    items = [HandoverOut.of(h, consent=c, caller=caller, now=now) for h, c in listing.rows]
    return Page.of(listing, items)


@router.get("/handovers/{handover_id}", response_model=HandoverOut)
def handover(handover_id: str, caller: Caller, session: ReadDB) -> HandoverOut:
    """One handover in scope (404 otherwise)."""
    row = get_handover(session, caller, handover_id)
    record_reads(session, caller, [row.case_id], action="read_handover")
    return _out(session, row, caller)


@router.post("/handovers/{handover_id}/accept", response_model=HandoverOut)
def accept(
    handover_id: str,
    body: AcceptIn,
    session: WriteDB,
    caller: Principal = caller_may(Action.handover),
) -> HandoverOut:
    """The CJIT accepts the case: worker and first appointment; the case is handed over."""
    return _out(session, body.apply(session, principal=caller, handover_id=handover_id), caller)


@router.post(
    "/handovers/{handover_id}/missed-appointment",
    response_model=MissedAppointmentOut,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": MissedAppointmentOut, "description": "already recorded"}},
)
def missed_appointment(
    handover_id: str,
    body: MissedAppointmentIn,
    response: Response,
    session: WriteDB,
    policy: PolicyDep,
    caller: Principal = caller_may(Action.handover),
) -> MissedAppointmentOut:
    """The person missed the first appointment: a follow-up task for the CJIT."""
    result = record_missed_appointment(
        session,
        principal=caller,
        handover_id=handover_id,
        notes=body.notes,
        next_appointment=body.next_appointment,
        now=clock.now(),
        policy=policy,
    )
    if not result.created:
        response.status_code = status.HTTP_200_OK
    return MissedAppointmentOut(task=TaskOut.of(result.task), duplicate=not result.created)
