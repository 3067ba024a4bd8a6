"""The person's contact as the case's readers see it (anyone who may see the case)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlmodel import Session

from resettlement.storage.tables import CaseContact


class ContactOut(BaseModel):
    mobile_number: str | None
    sms_consent: bool
    updated_at: datetime | None
    updated_by: str | None


def contact_of(session: Session, case_id: str) -> ContactOut:
    """The recorded contact (nothing recorded: no number, no consent)."""
    row = session.get(CaseContact, case_id)
    if row is None:
        return ContactOut(mobile_number=None, sms_consent=False, updated_at=None, updated_by=None)
    return ContactOut(
        mobile_number=row.mobile_number,
        sms_consent=row.sms_consent,
        updated_at=row.updated_at,
        updated_by=row.updated_by,
    )
