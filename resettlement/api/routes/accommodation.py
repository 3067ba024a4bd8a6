"""PUT /cases/{id}/accommodation: the release-night arrangement (housing resolved or not)."""

from __future__ import annotations

from fastapi import APIRouter

from resettlement.api.deps import Caller, WriteDB
from resettlement.api.requests import AccommodationIn
from resettlement.api.responses import AccommodationOut
from resettlement.services.accommodation import put_accommodation

router = APIRouter(tags=["accommodation"])


@router.put("/cases/{case_id}/accommodation", response_model=AccommodationOut)
def accommodation(
    case_id: str, body: AccommodationIn, caller: Caller, session: WriteDB
) -> AccommodationOut:
    """Replace the arrangement; confirmed with address, provider and a start date on or before
    the release date, housing is resolved and the housing_unresolved tasks close."""
    result = put_accommodation(
        session,
        principal=caller,
        case_id=case_id,
        housing_status=body.housing_status,
        address=body.address,
        provider=body.provider,
        start_date=body.start_date,
        confirmed=body.confirmed,
    )
    return AccommodationOut.of(result)
