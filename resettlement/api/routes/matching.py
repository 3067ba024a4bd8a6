"""GET /cases/{id}/matches: the services that could take the person, best first, and why not
for the others (prison staff, ROM, admin)."""

from __future__ import annotations

from fastapi import APIRouter

from resettlement import clock
from resettlement.api.deps import Caller, ReferenceDep, WriteDB
from resettlement.api.routes.cases import PageNo, PageSize
from resettlement.api.schemas import Page
from resettlement.matching.reads import MatchOut, match_out, ranked_matches

router = APIRouter(tags=["map and match"])


@router.get("/cases/{case_id}/matches", response_model=Page[MatchOut])
def matches(
    case_id: str,
    caller: Caller,
    session: WriteDB,
    reference: ReferenceDep,
    page: PageNo = 1,
    page_size: PageSize = 50,
) -> Page[MatchOut]:
    """Eligible services first, best first; every ineligible service with every reason."""
    found = ranked_matches(session, caller, case_id, reference, clock.today())
    start = (page - 1) * page_size
    items = [match_out(m) for m in found[start : start + page_size]]
    return Page[MatchOut](items=items, total=len(found))
