"""Request bodies of the duty to refer (API and forms): the referral and its outcome."""

from __future__ import annotations

from datetime import date

from pydantic import Field
from sqlmodel import Session

from resettlement.access.users import Principal
from resettlement.duty_to_refer.commands import record_referral, record_referral_outcome
from resettlement.inputs import AreaCode, Body, Text
from resettlement.policy import Reference
from resettlement.storage.tables import Referral
from resettlement.vocabulary import ReferralOutcome


class ReferralIn(Body):
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


class ReferralOutcomeIn(Body):
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
