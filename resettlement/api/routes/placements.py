"""Placements: request a place for a case, the provider's answer, confirm, end; the list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from resettlement.api.deps import Caller, WriteDB
from resettlement.api.routes.cases import CursorQ, PageNo, PageSize
from resettlement.api.schemas import Page
from resettlement.paging import Window
from resettlement.placements import commands
from resettlement.placements.inputs import DeclineIn, EndIn, PlacementIn
from resettlement.placements.reads import PlacementOut, list_placements, placement_out
from resettlement.vocabulary import PlacementStatus

router = APIRouter(tags=["map and match"])
PlacementId = Annotated[str, Path(max_length=36)]


@router.post("/cases/{case_id}/placements", response_model=PlacementOut, status_code=201)
def request_place(
    case_id: str, body: PlacementIn, caller: Caller, session: WriteDB, response: Response
) -> PlacementOut:
    """Request a place (status `requested`); the same open request again answers 200 with it."""
    row, new = body.apply(session, principal=caller, case_id=case_id)
    if not new:
        response.status_code = 200
    return placement_out(row)


@router.get("/placements", response_model=Page[PlacementOut])
def placements(
    caller: Caller,
    session: WriteDB,
    case_id: Annotated[str | None, Query(max_length=36)] = None,
    service_id: Annotated[str | None, Query(max_length=36)] = None,
    status: PlacementStatus | None = None,
    page: PageNo = 1,
    page_size: PageSize = 50,
    cursor: CursorQ = None,
) -> Page[PlacementOut]:
    """Placements of the cases in the caller's scope, newest request first."""
    listing = list_placements(
        session,
        caller,
        Window(page, page_size, cursor),
        case_id=case_id,
        service_id=service_id,
        status=status,
    )
    return Page[PlacementOut].of(listing, listing.rows)


@router.post("/placements/{placement_id}/offer", response_model=PlacementOut)
def offer(placement_id: PlacementId, caller: Caller, session: WriteDB) -> PlacementOut:
    """The provider offers the place (from `requested`)."""
    return placement_out(commands.offer(session, principal=caller, placement_id=placement_id))


@router.post("/placements/{placement_id}/decline", response_model=PlacementOut)
def decline(
    placement_id: PlacementId, body: DeclineIn, caller: Caller, session: WriteDB
) -> PlacementOut:
    """Declined (from `requested` or `offered`), with the reason."""
    return placement_out(body.apply(session, principal=caller, placement_id=placement_id))


@router.post("/placements/{placement_id}/confirm", response_model=PlacementOut)
def confirm(placement_id: PlacementId, caller: Caller, session: WriteDB) -> PlacementOut:
    """Confirm an offered place: 409 when the service has no free place on its start date.
    The case's release-night accommodation becomes this place."""
    return placement_out(commands.confirm(session, principal=caller, placement_id=placement_id))


@router.post("/placements/{placement_id}/end", response_model=PlacementOut)
def end(placement_id: PlacementId, body: EndIn, caller: Caller, session: WriteDB) -> PlacementOut:
    """End a confirmed placement (move-on, eviction, recall): the place is free from end_date."""
    return placement_out(body.apply(session, principal=caller, placement_id=placement_id))
