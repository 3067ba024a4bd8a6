"""POST /cases/{id}/hacs-assessment, /carat-assessment, and withdrawing a consent."""

from __future__ import annotations

from fastapi import APIRouter, status

from resettlement.api.deps import Caller, PolicyDep, ReferenceDep, WriteDB
from resettlement.api.responses import AssessmentOut, ConsentOut
from resettlement.assessment.inputs import CaratAssessmentIn, HacsAssessmentIn
from resettlement.consent.records import withdraw_consent

router = APIRouter(tags=["assessments"])


@router.post(
    "/cases/{case_id}/hacs-assessment",
    response_model=AssessmentOut,
    status_code=status.HTTP_201_CREATED,
)
def hacs_assessment(
    case_id: str,
    body: HacsAssessmentIn,
    caller: Caller,
    session: WriteDB,
    policy: PolicyDep,
    ref: ReferenceDep,
) -> AssessmentOut:
    """HACS reception assessment: housing status, tenancy (housing-benefit rule), duty to refer."""
    result = body.apply(session, principal=caller, case_id=case_id, policy=policy, reference=ref)
    return AssessmentOut.of(result)


@router.post(
    "/cases/{case_id}/carat-assessment",
    response_model=AssessmentOut,
    status_code=status.HTTP_201_CREATED,
)
def carat_assessment(
    case_id: str, body: CaratAssessmentIn, caller: Caller, session: WriteDB
) -> AssessmentOut:
    """CARAT triage and case management, with the consent to share with the CJIT."""
    return AssessmentOut.of(body.apply(session, principal=caller, case_id=case_id))


@router.post("/cases/{case_id}/consents/{consent_id}/withdraw", response_model=ConsentOut)
def withdraw(case_id: str, consent_id: str, caller: Caller, session: WriteDB) -> ConsentOut:
    """The person withdraws a consent: from now on it no longer applies."""
    consent = withdraw_consent(session, principal=caller, case_id=case_id, consent_id=consent_id)
    return ConsentOut.model_validate(consent)
