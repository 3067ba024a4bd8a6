"""Request bodies of the assessments (API and forms): the HACS reception and CARAT assessments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import AwareDatetime, Field
from sqlmodel import Session

from resettlement import clock
from resettlement.access.users import Principal
from resettlement.assessment.carat import record_carat_assessment
from resettlement.assessment.common import AssessmentResult, HowObtained
from resettlement.assessment.hacs import record_hacs_assessment
from resettlement.assessment.housing_benefit import Tenancy
from resettlement.errors import InvalidInput
from resettlement.inputs import AreaCode, Body, Money, Notes
from resettlement.policy import Policy, Reference
from resettlement.vocabulary import (
    ConsentMethod,
    HousingStatus,
    LandlordType,
    RiskFactor,
    SpectrumStage,
    SupportLevel,
    TriageOutcome,
)


class TenancyIn(Body):
    landlord_type: LandlordType
    rent_weekly: Money
    arrears: Money = Decimal(0)
    housing_benefit: bool
    custody_start: date | None = Field(
        default=None, description="first day held, remand counted; default: the reception date"
    )

    def to_domain(self) -> Tenancy:
        return Tenancy(
            landlord_type=self.landlord_type,
            rent_weekly=self.rent_weekly,
            arrears=self.arrears,
            housing_benefit=self.housing_benefit,
            custody_start=self.custody_start,
        )


class ConsentHow(Body):
    """How and when the consent the assessment records was given (or refused)."""

    consent_method: ConsentMethod = Field(
        default=ConsentMethod.verbal, description="how the person gave or refused the consent"
    )
    consent_obtained_at: AwareDatetime | None = Field(
        default=None, description="when they did (default: when it is recorded)"
    )

    def how(self) -> HowObtained:
        if self.consent_obtained_at is not None and self.consent_obtained_at > clock.now():
            raise InvalidInput.one("consent_obtained_at", "is in the future")
        return HowObtained(method=self.consent_method, obtained_at=self.consent_obtained_at)


class HacsAssessmentIn(ConsentHow):
    housing_status: HousingStatus
    tenancy: TenancyIn | None = None
    threatened_with_homelessness: bool
    duty_to_refer_consent: bool
    destination_area: AreaCode | None = None
    notes: Notes | None = None
    support_need: SupportLevel | None = Field(
        default=None, description="the support the person needs where they live (matching)"
    )
    risk_factors: list[RiskFactor] = Field(
        default_factory=list, max_length=5, description="what a service may exclude (matching)"
    )

    def apply(
        self,
        session: Session,
        *,
        principal: Principal,
        case_id: str,
        policy: Policy,
        reference: Reference,
        submission_key: str | None = None,
    ) -> AssessmentResult:
        return record_hacs_assessment(
            session,
            principal=principal,
            case_id=case_id,
            housing_status=self.housing_status,
            tenancy=self.tenancy.to_domain() if self.tenancy else None,
            threatened_with_homelessness=self.threatened_with_homelessness,
            duty_to_refer_consent=self.duty_to_refer_consent,
            destination_area=self.destination_area,
            notes=self.notes,
            support_need=self.support_need,
            risk_factors=sorted(set(self.risk_factors)),
            policy=policy,
            reference=reference,
            consent=self.how(),
            submission_key=submission_key,
        )


class CaratAssessmentIn(ConsentHow):
    drug_need: bool
    spectrum_stage: SpectrumStage | None = None
    consent_share_cjit: bool
    triage_outcome: TriageOutcome | None = None
    care_plan: Notes | None = None
    notes: Notes | None = None

    def apply(
        self,
        session: Session,
        *,
        principal: Principal,
        case_id: str,
        submission_key: str | None = None,
    ) -> AssessmentResult:
        return record_carat_assessment(
            session,
            principal=principal,
            case_id=case_id,
            drug_need=self.drug_need,
            spectrum_stage=self.spectrum_stage,
            consent_share_cjit=self.consent_share_cjit,
            triage_outcome=self.triage_outcome,
            care_plan=self.care_plan,
            notes=self.notes,
            consent=self.how(),
            submission_key=submission_key,
        )
