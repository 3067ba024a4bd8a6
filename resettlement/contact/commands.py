"""Recording the person's mobile number and SMS consent (one record per case, replaced).

Consent to text reminders needs a number to text; withdrawing it (or removing the number) stops
any reminder not yet sent. The timeline records that the contact changed, never the number.
"""

from __future__ import annotations

from sqlmodel import Session

from resettlement import clock
from resettlement.access.users import Principal
from resettlement.cases.lookup import case_for_write
from resettlement.cases.timeline import record
from resettlement.errors import InvalidInput
from resettlement.storage.tables import CaseContact
from resettlement.vocabulary import Action


def set_contact(
    session: Session,
    *,
    principal: Principal,
    case_id: str,
    mobile_number: str | None,
    sms_consent: bool,
) -> CaseContact:
    """Record the number and consent (403 for a ROM, 404 outside scope, 422 consent, no number)."""
    case = case_for_write(session, principal, case_id, Action.contact)
    if sms_consent and not mobile_number:
        raise InvalidInput.one("mobile_number", "is needed to send text reminders")
    now = clock.now()
    contact = session.get(CaseContact, case.id) or CaseContact(
        case_id=case.id, updated_at=now, updated_by=principal.username
    )
    changed = (contact.mobile_number, contact.sms_consent) != (mobile_number, sms_consent)
    contact.mobile_number = mobile_number
    contact.sms_consent = sms_consent
    contact.updated_at = now
    contact.updated_by = principal.username
    session.add(contact)
    if changed:
        record(
            session,
            case_id=case.id,
            kind="contact_recorded",
            actor=principal.username,
            data={"mobile_number_recorded": mobile_number is not None, "sms_consent": sms_consent},
        )
    session.flush()
    return contact
