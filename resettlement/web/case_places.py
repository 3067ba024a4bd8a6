"""What the case page's "Places" section shows: the matches with their reasons and the
placement history, with what the viewer may do to each (the capabilities decide in the end).

Prison staff, ROMs and admins see matches and placements (a ROM's matches are computed without
the spectrum stage: matching/reads.py); a CJIT worker sees neither. Only team HACS and admins
request places and move them.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from resettlement import clock
from resettlement.access.permissions import may
from resettlement.access.users import Principal
from resettlement.matching.reads import matches_for
from resettlement.paging import Window
from resettlement.placements.reads import list_placements
from resettlement.placements.rules import may_move
from resettlement.policy import get_reference
from resettlement.storage.tables import Case
from resettlement.vocabulary import FINAL_STAGES, Action, PlacementStatus, Role, Stage

ROLES = (Role.prison_staff, Role.rom, Role.admin)
MOVES = {
    "offer": PlacementStatus.offered,
    "decline": PlacementStatus.declined,
    "confirm": PlacementStatus.confirmed,
    "end": PlacementStatus.ended,
}


def places_of(session: Session, viewer: Principal, case: Case) -> dict[str, Any]:
    """The section's context (None for a viewer who may not see matches and placements)."""
    if viewer.role not in ROLES:
        return {"places": None}
    found = matches_for(session, viewer, case.id, get_reference(), clock.today())
    placements = list_placements(session, viewer, Window(1, 200), case_id=case.id).rows
    writer = may(viewer, Action.placement)
    rows = []
    for p in placements:
        moves = [n for n, to in MOVES.items() if writer and may_move(p.status, to)]
        rows.append({**p.model_dump(mode="json"), "moves": moves})
    return {
        "places": {
            "eligible": [m.model_dump(mode="json") for m in found if m.eligible],
            "ineligible": [m.model_dump(mode="json") for m in found if not m.eligible],
            "placements": rows,
            "may_request": writer and Stage(case.stage) not in FINAL_STAGES,
            "default_start": case.release_date.isoformat() if case.release_date else "",
        }
    }
