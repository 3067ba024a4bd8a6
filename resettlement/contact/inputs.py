"""The request body of the person's contact (API and form): a UK mobile number and consent."""

from __future__ import annotations

from pydantic import Field, field_validator
from sqlmodel import Session

from resettlement.access.users import Principal
from resettlement.contact.commands import set_contact
from resettlement.inputs import Body
from resettlement.mailboxes import UK_MOBILE
from resettlement.storage.tables import CaseContact


class ContactIn(Body):
    mobile_number: str | None = Field(
        default=None, max_length=20, description="a UK mobile number, e.g. 07700 900123"
    )
    sms_consent: bool = Field(description="the person agrees to text reminders")

    @field_validator("mobile_number")
    @classmethod
    def _uk_mobile(cls, value: str | None) -> str | None:
        """Kept as 07… with no spaces; blank means no number."""
        if value is None or not value.strip():
            return None
        digits = value.replace(" ", "").replace("-", "")
        if not UK_MOBILE.fullmatch(digits):
            raise ValueError("must be a UK mobile number, like 07700 900123")
        return "0" + digits[-10:]

    def apply(self, session: Session, *, principal: Principal, case_id: str) -> CaseContact:
        return set_contact(
            session,
            principal=principal,
            case_id=case_id,
            mobile_number=self.mobile_number,
            sms_consent=self.sms_consent,
        )
