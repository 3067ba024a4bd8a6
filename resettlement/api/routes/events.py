"""POST /events: one prison event, idempotent by event_id (the feed, or an admin)."""

from __future__ import annotations

from fastapi import APIRouter, Response, status
from sqlalchemy.exc import IntegrityError

from resettlement.access.audit import record_write
from resettlement.api.deps import EventPoster, PolicyDep, ReferenceDep
from resettlement.api.schemas import EventAccepted
from resettlement.reception.events import EventIn, parse_event
from resettlement.reception.intake import Intake
from resettlement.storage.db import session_scope

router = APIRouter(tags=["events"])


@router.post(
    "/events",
    response_model=EventAccepted,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": EventAccepted, "description": "already received (duplicate)"}},
)
def post_event(
    caller: EventPoster,
    event: EventIn,
    response: Response,
    policy: PolicyDep,
    ref: ReferenceDep,
) -> EventAccepted:
    event = parse_event(event.model_dump(mode="json", exclude_none=True))
    try:
        with session_scope() as session:
            intake = Intake(session, actor=caller.username, policy=policy, reference=ref)
            outcome = intake.apply(event)
            intake.flush()
            if outcome.status == "accepted" and outcome.case_id is not None:
                record_write(session, caller, outcome.case_id, f"prison_event:{event.type}")
    except IntegrityError:
        # The same event_id arrived concurrently and won the race: ours is the duplicate.
        with session_scope(write=False) as session:
            outcome = Intake(session, actor=caller.username, policy=policy, reference=ref).apply(
                event
            )
    if outcome.status == "duplicate":
        response.status_code = status.HTTP_200_OK
    assert outcome.case_id is not None
    return EventAccepted(case_id=outcome.case_id, duplicate=outcome.status == "duplicate")
