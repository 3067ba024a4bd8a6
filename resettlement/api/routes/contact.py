"""GET and PUT /cases/{id}/contact: the person's mobile number (personal data) and their
consent to text reminders (the first CJIT appointment's, the day before)."""

from __future__ import annotations

from fastapi import APIRouter

from resettlement.access.audit import record_reads
from resettlement.api.deps import Caller, WriteDB
from resettlement.cases.lookup import get_case
from resettlement.contact.inputs import ContactIn
from resettlement.contact.reads import ContactOut, contact_of

router = APIRouter(tags=["contact"])


@router.get("/cases/{case_id}/contact", response_model=ContactOut)
def contact(case_id: str, caller: Caller, session: WriteDB) -> ContactOut:
    """Anyone who may see the case (the read is audited)."""
    case = get_case(session, caller, case_id)
    record_reads(session, caller, [case.id], action="read_contact")
    return contact_of(session, case.id)


@router.put("/cases/{case_id}/contact", response_model=ContactOut)
def set_contact(case_id: str, body: ContactIn, caller: Caller, session: WriteDB) -> ContactOut:
    """Prison staff or the CJIT record it (a ROM may not: 403); consent needs a number (422)."""
    body.apply(session, principal=caller, case_id=case_id)
    return contact_of(session, case_id)
