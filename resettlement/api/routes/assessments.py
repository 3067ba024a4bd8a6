"""POST /cases/{id}/hacs-assessment, /carat-assessment, and withdrawing a consent."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, status
from pydantic import Field

from resettlement.api.deps import Caller, PolicyDep, ReferenceDep, WriteDB
from resettlement.api.responses import AssessmentOut, ConsentOut
from resettlement.assessment.inputs import CaratAssessmentIn, HacsAssessmentIn
from resettlement.consent.records import withdraw_consent
from resettlement.inputs import Body
from resettlement.vocabulary import ConsentMethod

router = APIRouter(tags=["assessments"])
SubmissionKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=64,
        description="a key of the client's choosing: the same key again records nothing new",
    ),
]


class WithdrawalIn(Body):
    method: ConsentMethod = Field(
        default=ConsentMethod.verbal, description="how the person withdrew it"
    )


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
    key: SubmissionKey = None,
) -> AssessmentOut:
    """HACS reception assessment: housing status, tenancy (housing-benefit rule), duty to refer.
    Sent again with the same Idempotency-Key, it answers the assessment already recorded."""
    result = body.apply(
        session, principal=caller, case_id=case_id, policy=policy, reference=ref, submission_key=key
    )
    return AssessmentOut.of(result)


@router.post(
    "/cases/{case_id}/carat-assessment",
    response_model=AssessmentOut,
    status_code=status.HTTP_201_CREATED,
)
def carat_assessment(
    case_id: str,
    body: CaratAssessmentIn,
    caller: Caller,
    session: WriteDB,
    key: SubmissionKey = None,
) -> AssessmentOut:
    """CARAT triage and case management, with the consent to share with the CJIT (and how and
    when it was given). Sent again with the same Idempotency-Key, it records nothing new."""
    result = body.apply(session, principal=caller, case_id=case_id, submission_key=key)
    return AssessmentOut.of(result)


@router.post("/cases/{case_id}/consents/{consent_id}/withdraw", response_model=ConsentOut)
def withdraw(
    case_id: str,
    consent_id: str,
    caller: Caller,
    session: WriteDB,
    policy: PolicyDep,
    body: WithdrawalIn | None = None,
) -> ConsentOut:
    """The person withdraws a consent: from now on it no longer applies. After a handover, the
    CJIT is told (a task and a timeline event)."""
    consent = withdraw_consent(
        session,
        principal=caller,
        case_id=case_id,
        consent_id=consent_id,
        method=(body or WithdrawalIn()).method,
        policy=policy,
    )
    return ConsentOut.model_validate(consent)
