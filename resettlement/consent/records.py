"""Consents the person gives: who recorded each, when and its scope; any can be withdrawn.

Withdrawing the consent to share with the CJIT stops CARAT details leaving the prison side;
withdrawing the consent to refer stops a referral not yet made.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from resettlement import clock
from resettlement.access.users import Principal
from resettlement.cases.lookup import case_for_write
from resettlement.cases.timeline import record
from resettlement.consent.withdrawal import tell_cjit
from resettlement.errors import Conflict, NotFound
from resettlement.policy import Policy
from resettlement.storage.tables import Case, Consent, Referral
from resettlement.tasks.store import close_open_tasks
from resettlement.vocabulary import Action, ConsentKind, ConsentMethod, TaskKind

SCOPES: dict[ConsentKind, str] = {
    ConsentKind.share_cjit: "CARAT assessment, spectrum of need stage, release plan CARAT section",
    ConsentKind.duty_to_refer: (
        "referral to the local housing authority under the duty to refer: identity, "
        "release date, contact details and housing circumstances"
    ),
}


def active_consent(session: Session, case_id: str, kind: ConsentKind) -> Consent | None:
    """The consent of this kind in force: given and not withdrawn (at most one)."""
    query = select(Consent).where(
        Consent.case_id == case_id,
        Consent.kind == kind.value,
        col(Consent.given).is_(True),
        col(Consent.withdrawn_at).is_(None),
    )
    return session.exec(query).first()


def set_consent(
    session: Session,
    case: Case,
    kind: ConsentKind,
    *,
    given: bool,
    by: str,
    method: ConsentMethod = ConsentMethod.verbal,
    obtained_at: datetime | None = None,
) -> bool:
    """Record the person's current answer; returns whether a consent record was written.

    Giving a consent already in force writes nothing. Refusing withdraws the consent in force
    and records the refusal; a refusal with nothing in force is recorded only as the first
    answer of its kind (the record already says there is no consent).
    """
    active = active_consent(session, case.id, kind)
    if given and active is not None:
        return False
    if not given and active is None and _any_record(session, case.id, kind):
        return False
    if active is not None:
        active.withdrawn_at = clock.now()
    session.add(
        Consent(
            case_id=case.id,
            kind=kind.value,
            scope=SCOPES[kind],
            given=given,
            recorded_at=clock.now(),
            recorded_by=by,
            method=method.value,
            obtained_at=obtained_at or clock.now(),
        )
    )
    return True


def _any_record(session: Session, case_id: str, kind: ConsentKind) -> bool:
    query = select(Consent.id).where(Consent.case_id == case_id, Consent.kind == kind.value)
    return session.exec(query).first() is not None


def withdraw_consent(
    session: Session,
    *,
    principal: Principal,
    case_id: str,
    consent_id: str,
    method: ConsentMethod = ConsentMethod.verbal,
    policy: Policy,
) -> Consent:
    """Withdraw a consent in force (409 if it was refused or is already withdrawn); after a
    handover, the CJIT is told (consent/withdrawal.py)."""
    case = case_for_write(session, principal, case_id, Action.consent)
    consent = session.get(Consent, consent_id)
    if consent is None or consent.case_id != case.id:
        raise NotFound(f"no consent {consent_id} on case {case_id}")
    if not consent.given:
        raise Conflict("this record is a refusal: there is no consent to withdraw")
    if consent.withdrawn_at is not None:
        raise Conflict(f"consent {consent_id} was already withdrawn")
    consent.withdrawn_at = clock.now()
    consent.withdrawn_by, consent.withdrawal_method = principal.username, method.value
    closed = 0
    if consent.kind == ConsentKind.share_cjit.value:
        case.consent_share_cjit = False
    elif consent.kind == ConsentKind.duty_to_refer.value and not _referred(session, case):
        closed = close_open_tasks(session, case.id, [TaskKind.duty_to_refer])
    case.updated_at = clock.now()
    record(
        session,
        case_id=case.id,
        kind="consent_withdrawn",
        actor=principal.username,
        data={"consent_id": consent.id, "kind": consent.kind, "tasks_closed": closed},
    )
    tell_cjit(session, case, consent, actor=principal.username, role=principal.role, policy=policy)
    session.flush()
    return consent


def _referred(session: Session, case: Case) -> bool:
    query = select(Referral.id).where(Referral.case_id == case.id, Referral.episode == case.episode)
    return session.exec(query).first() is not None
