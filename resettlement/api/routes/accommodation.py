"""PUT /cases/{id}/accommodation: the release-night arrangement (housing resolved or not)."""

from __future__ import annotations

from fastapi import APIRouter

from resettlement.api.deps import Caller, WriteDB
from resettlement.api.responses import AccommodationOut
from resettlement.housing.inputs import AccommodationIn

router = APIRouter(tags=["accommodation"])


@router.put("/cases/{case_id}/accommodation", response_model=AccommodationOut)
def accommodation(
    case_id: str, body: AccommodationIn, caller: Caller, session: WriteDB
) -> AccommodationOut:
    """Replace the arrangement; confirmed with address, provider and a start date on or before
    the release date, housing is resolved and the housing_unresolved tasks close."""
    return AccommodationOut.of(body.apply(session, principal=caller, case_id=case_id))
