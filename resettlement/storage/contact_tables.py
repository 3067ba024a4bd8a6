"""How to reach the person after release: a mobile number and their consent to text reminders.

Personal data: the mobile number. It is used only for the SMS reminder of the first CJIT
appointment and to text the person their own one-time link, and only while `sms_consent` is true.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from resettlement.storage.types import utc_column


class CaseContact(SQLModel, table=True):
    """The person's mobile number (personal data) and SMS consent, one row per case."""

    __tablename__ = "case_contact"

    case_id: str = Field(foreign_key="case.id", primary_key=True, max_length=36)
    mobile_number: str | None = Field(default=None, max_length=20)  # personal data
    sms_consent: bool = False
    updated_at: datetime = Field(sa_column=utc_column(nullable=False))
    updated_by: str = Field(max_length=100)
