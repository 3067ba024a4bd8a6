"""Request bodies of the pre-release path: assessments, referral, accommodation, plan, tasks.

Shapes and field rules only (an unknown field is refused); rules that need the case live in
the services, which answer 422 naming the field all the same.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from resettlement.domain.duty_to_refer import ReferralOutcome
from resettlement.domain.housing_benefit import LandlordType, Tenancy
from resettlement.domain.vocabulary import HousingStatus, PlanParty, SpectrumStage
from resettlement.services.assessments import TriageOutcome

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


class CaratAssessmentIn(_Body):
    drug_need: bool
    spectrum_stage: SpectrumStage | None = None
    consent_share_cjit: bool
    triage_outcome: TriageOutcome | None = None
    care_plan: Notes | None = None
    notes: Notes | None = None


class ReferralIn(_Body):
    local_authority: AreaCode = Field(description="area code of the local housing authority")
    referred_on: date
    reference: Text


class ReferralOutcomeIn(_Body):
    outcome: ReferralOutcome
    outcome_on: date


class AccommodationIn(_Body):
    housing_status: HousingStatus
    address: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] | None = None
    provider: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    start_date: date | None = None
    confirmed: bool


class SectionIn(_Body):
    content: dict[str, Any] = Field(
        description="the party's section: free-form, e.g. {summary, appointments: "
        "[{what, when, where}], first_night_address}"
    )


class SignIn(_Body):
    party: PlanParty
