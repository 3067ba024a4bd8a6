"""POST /cases/{id}/hacs-assessment, /carat-assessment, and withdrawing a consent."""

from __future__ import annotations

from fastapi import APIRouter, status

from resettlement.api.deps import Caller, PolicyDep, ReferenceDep, WriteDB
from resettlement.api.requests import CaratAssessmentIn, HacsAssessmentIn
from resettlement.api.responses import AssessmentOut, ConsentOut
from resettlement.services.assessments import record_carat_assessment
from resettlement.services.consents import withdraw_consent
from resettlement.services.hacs_assessment import record_hacs_assessment

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
    result = record_hacs_assessment(
        session,
        principal=caller,
        case_id=case_id,
        housing_status=body.housing_status,
        tenancy=body.tenancy.to_domain() if body.tenancy else None,
        threatened_with_homelessness=body.threatened_with_homelessness,
        duty_to_refer_consent=body.duty_to_refer_consent,
        destination_area=body.destination_area,
        notes=body.notes,
        policy=policy,
        reference=ref,
    )
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
    result = record_carat_assessment(
        session,
        principal=caller,
        case_id=case_id,
        drug_need=body.drug_need,
        spectrum_stage=body.spectrum_stage,
        consent_share_cjit=body.consent_share_cjit,
        triage_outcome=body.triage_outcome,
        care_plan=body.care_plan,
        notes=body.notes,
    )
    return AssessmentOut.of(result)


@router.post("/cases/{case_id}/consents/{consent_id}/withdraw", response_model=ConsentOut)
def withdraw(case_id: str, consent_id: str, caller: Caller, session: WriteDB) -> ConsentOut:
    """The person withdraws a consent: from now on it no longer applies."""
    consent = withdraw_consent(session, principal=caller, case_id=case_id, consent_id=consent_id)
    return ConsentOut.model_validate(consent)
