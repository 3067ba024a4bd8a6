"""Subject access (UK GDPR art. 15): everything held about one person, by prison number.

Every case of theirs in full (through the caller's view: an admin's is everything), each
handover of every custody episode, the needs of every custody episode, the one-time links made
for them (never their secrets), the raw prison events received about them, the consents (how
and when obtained, withdrawn), their contact details, the messages sent about them (where and
when, never their text: it is not kept), the HMPPS events received about them, and who has read
or exported each case. The export is
itself audited (kind `export`), once per case.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from resettlement import clock
from resettlement.access.audit import record_reads
from resettlement.access.audit_reads import readers_of
from resettlement.access.scope import case_scope
from resettlement.access.users import Principal
from resettlement.errors import NotFound
from resettlement.needs.reads import needs_of
from resettlement.reads.case_view import case_detail
from resettlement.storage.rows import as_dict
from resettlement.storage.tables import (
    Case,
    CaseContact,
    Handover,
    InboxMessage,
    Notification,
    PersonLink,
    PrisonEvent,
)
from resettlement.vocabulary import AuditKind


def subject_access(session: Session, principal: Principal, prison_number: str) -> dict[str, Any]:
    """Everything held about the person with this prison number (404 when nothing is)."""
    query = (
        select(Case)
        .where(col(Case.prison_number) == prison_number, case_scope(principal))
        .order_by(col(Case.reception_date), col(Case.created_at), col(Case.id))
    )
    cases = list(session.exec(query))
    if not cases:
        raise NotFound(f"nothing held about {prison_number}")
    ids = [c.id for c in cases]
    readers = readers_of(session, ids, limit=100_000)
    record_reads(session, principal, ids, action="export", kind=AuditKind.export)
    return {
        "prison_number": prison_number,
        "generated_at": clock.now().isoformat(),
        "generated_by": principal.username,
        "cases": [_case(session, principal, case, readers) for case in cases],
        "hmpps_events": [
            as_dict(m, drop=("payload",))
            for m in session.exec(
                select(InboxMessage)
                .where(col(InboxMessage.noms_number) == prison_number)
                .order_by(col(InboxMessage.seq))
            )
        ],
    }


def _case(session: Session, principal: Principal, case: Case, readers: list[Any]) -> dict[str, Any]:
    detail = case_detail(session, principal, case).model_dump(mode="json")
    handovers = session.exec(
        select(Handover).where(col(Handover.case_id) == case.id).order_by(col(Handover.episode))
    )
    events = session.exec(
        select(PrisonEvent)
        .where(col(PrisonEvent.case_id) == case.id)
        .order_by(col(PrisonEvent.occurred_at))
    )
    return {
        **detail,
        "ended_at": case.ended_at.isoformat() if case.ended_at else None,
        "anonymised_at": case.anonymised_at.isoformat() if case.anonymised_at else None,
        "handovers": [as_dict(h) for h in handovers],
        "needs_every_episode": needs_of(session, case, every_episode=True),
        "person_links": [
            as_dict(link, drop=("case_id", "secret_hash", "session_hash"))
            for link in session.exec(
                select(PersonLink)
                .where(col(PersonLink.case_id) == case.id)
                .order_by(col(PersonLink.created_at))
            )
        ],
        "prison_events": [as_dict(e) for e in events],
        "contact": as_dict(contact) if (contact := session.get(CaseContact, case.id)) else None,
        "notifications": [
            as_dict(n)
            for n in session.exec(
                select(Notification)
                .where(col(Notification.case_id) == case.id)
                .order_by(col(Notification.created_at))
            )
        ],
        "read_by": [
            {"at": r.at.isoformat(), "user": r.username, "action": r.action, "via": r.via}
            for r in readers
            if r.case_id == case.id
        ],
    }
