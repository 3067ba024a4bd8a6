"""Request bodies of the pre-release path: assessments, referral, accommodation, plan, tasks.

Shapes and field rules only (an unknown field is refused); rules that need the case live in
the services, which answer 422 naming the field all the same. A body's `apply` is the one
place it is handed to its service: the JSON route and the web form both call it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlmodel import Session

from resettlement.access.users import Principal
from resettlement.assessment.common import AssessmentResult, TriageOutcome, record_carat_assessment
from resettlement.assessment.hacs import record_hacs_assessment
from resettlement.assessment.housing_benefit import LandlordType, Tenancy
from resettlement.duty_to_refer.commands import record_referral, record_referral_outcome
from resettlement.duty_to_refer.rules import ReferralOutcome
from resettlement.housing.commands import AccommodationResult, put_accommodation
from resettlement.policy import Policy, Reference
from resettlement.storage.tables import Referral
from resettlement.vocabulary import HousingStatus, PlanParty, SpectrumStage

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Notes = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]
Money = Annotated[Decimal, Field(ge=0, max_digits=9, decimal_places=2)]
AreaCode = Annotated[str, StringConstraints(strip_whitespace=True, max_length=9)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TenancyIn(_Body):
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


class HacsAssessmentIn(_Body):
    housing_status: HousingStatus
    tenancy: TenancyIn | None = None
    threatened_with_homelessness: bool
    duty_to_refer_consent: bool
    destination_area: AreaCode | None = None
    notes: Notes | None = None

    def apply(
        self,
        session: Session,
        *,
        principal: Principal,
        case_id: str,
        policy: Policy,
        reference: Reference,
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
            policy=policy,
            reference=reference,
        )


class CaratAssessmentIn(_Body):
    drug_need: bool
    spectrum_stage: SpectrumStage | None = None
    consent_share_cjit: bool
    triage_outcome: TriageOutcome | None = None
    care_plan: Notes | None = None
    notes: Notes | None = None

    def apply(self, session: Session, *, principal: Principal, case_id: str) -> AssessmentResult:
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
        )


class ReferralIn(_Body):
    local_authority: AreaCode = Field(description="area code of the local housing authority")
    referred_on: date
    reference: Text

    def apply(
        self, session: Session, *, principal: Principal, case_id: str, ref_data: Reference
    ) -> Referral:
        return record_referral(
            session,
            principal=principal,
            case_id=case_id,
            local_authority=self.local_authority,
            referred_on=self.referred_on,
            reference=self.reference,
            ref_data=ref_data,
        )


class ReferralOutcomeIn(_Body):
    outcome: ReferralOutcome
    outcome_on: date

    def apply(self, session: Session, *, principal: Principal, case_id: str) -> Referral:
        return record_referral_outcome(
            session,
            principal=principal,
            case_id=case_id,
            outcome=self.outcome,
            outcome_on=self.outcome_on,
        )


class AccommodationIn(_Body):
    housing_status: HousingStatus
    address: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] | None = None
    provider: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    start_date: date | None = None
    confirmed: bool

    def apply(self, session: Session, *, principal: Principal, case_id: str) -> AccommodationResult:
        return put_accommodation(
            session,
            principal=principal,
            case_id=case_id,
            housing_status=self.housing_status,
            address=self.address,
            provider=self.provider,
            start_date=self.start_date,
            confirmed=self.confirmed,
        )


class SectionIn(_Body):
    content: dict[str, Any] = Field(
        description="the party's section: free-form, e.g. {summary, appointments: "
        "[{what, when, where}], first_night_address}"
    )


class SignIn(_Body):
    party: PlanParty
