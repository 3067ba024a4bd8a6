"""POST /cases/{id}/duty-to-refer and /duty-to-refer/outcome: the local authority referral."""

from __future__ import annotations

from fastapi import APIRouter, status

from resettlement.api.deps import Caller, ReferenceDep, WriteDB
from resettlement.api.responses import ReferralOut
from resettlement.duty_to_refer.inputs import ReferralIn, ReferralOutcomeIn

router = APIRouter(tags=["duty to refer"])


@router.post(
    "/cases/{case_id}/duty-to-refer",
    response_model=ReferralOut,
    status_code=status.HTTP_201_CREATED,
)
def referral(
    case_id: str, body: ReferralIn, caller: Caller, session: WriteDB, ref: ReferenceDep
) -> ReferralOut:
    """Record the referral made (one per custody episode; needs the consent to refer)."""
    row = body.apply(session, principal=caller, case_id=case_id, ref_data=ref)
    return ReferralOut.model_validate(row)


@router.post("/cases/{case_id}/duty-to-refer/outcome", response_model=ReferralOut)
def referral_outcome(
    case_id: str, body: ReferralOutcomeIn, caller: Caller, session: WriteDB
) -> ReferralOut:
    """Record the local authority's answer; it closes any chase."""
    row = body.apply(session, principal=caller, case_id=case_id)
    return ReferralOut.model_validate(row)
