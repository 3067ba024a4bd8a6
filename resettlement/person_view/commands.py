"""Making the person's one-time link, signing in with it, and the short session that follows.

Only sha256 hashes of the link's secret and of the session token are stored: the secret is shown
once to the member of staff (to print on the slip, or to send by SMS), the session token lives
in the person's cookie. Every use is audited (via `person`): the link made, each date of birth
given (right or wrong), the link ended, the plan read.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import update
from sqlmodel import Session, col, select

from resettlement.access.audit import record_person_use
from resettlement.access.users import Principal, hash_token
from resettlement.cases.lookup import case_for_write
from resettlement.cases.timeline import record
from resettlement.errors import Conflict, Forbidden
from resettlement.person_view.rules import (
    LinkState,
    attempts_left,
    issue_refusal,
    link_expires_at,
    link_state,
)
from resettlement.policy import PersonLinkPolicy
from resettlement.storage.tables import Case, PersonLink
from resettlement.vocabulary import Action, AuditKind, PersonLinkEnd, Stage

LINK_PATH = "/p/"
SECRET_BYTES = 15  # 120 bits: 24 characters of base32, easy to type from a slip


def new_secret() -> str:
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode().lower()


@dataclass(frozen=True)
class IssuedLink:
    """A link as made: its URL (with the secret, shown once) and when it stops working."""

    case_id: str
    url: str
    expires_at: datetime
    link_id: str = ""


def issue_link(
    session: Session,
    *,
    principal: Principal,
    case_id: str,
    base_url: str,
    now: datetime,
    policy: PersonLinkPolicy,
) -> IssuedLink:
    """A new link for the case (404 outside scope, 403 for who may not make one at all or not
    at this stage, 409 for a closed case; access/permissions.py and rules.issue_refusal); an
    earlier link still unused stops working. The write is audited."""
    case = case_for_write(session, principal, case_id, Action.person_link)
    refusal = issue_refusal(principal.role, Stage(case.stage))
    if refusal is not None:
        status, reason = refusal
        raise (Conflict if status == 409 else Forbidden)(reason)
    session.execute(
        update(PersonLink)
        .where(
            col(PersonLink.case_id) == case.id,
            col(PersonLink.ended_at).is_(None),
            col(PersonLink.signed_in_at).is_(None),
        )
        .values(ended_at=now, end_reason=PersonLinkEnd.replaced.value, text_url=None)
    )
    secret = new_secret()
    link = PersonLink(
        case_id=case.id,
        secret_hash=hash_token(secret),
        created_at=now,
        created_by=principal.username,
        maker_role=principal.role.value,
        expires_at=link_expires_at(now, policy),
    )
    session.add(link)
    record(
        session,
        case_id=case.id,
        kind="person_link_made",
        actor=principal.username,
        data={"expires_at": link.expires_at.isoformat()},
    )
    url = f"{base_url.rstrip('/')}{LINK_PATH}{secret}"
    return IssuedLink(case.id, url, link.expires_at, link.id)


def _audit(
    session: Session, link: PersonLink, action: str, kind: AuditKind = AuditKind.write
) -> None:
    """A use of the link, in the case's audit trail (the person is named by their link)."""
    record_person_use(session, link_id=link.id, case_id=link.case_id, action=action, kind=kind)


def link_of(session: Session, secret: str) -> PersonLink | None:
    query = select(PersonLink).where(col(PersonLink.secret_hash) == hash_token(secret.lower()))
    return session.exec(query).first()


def state_of(link: PersonLink | None, now: datetime) -> LinkState:
    if link is None:
        return LinkState.ended
    return link_state(
        expires_at=link.expires_at,
        signed_in_at=link.signed_in_at,
        ended_at=link.ended_at,
        now=now,
    )


class Outcome(StrEnum):
    signed_in = "signed_in"
    wrong_date_of_birth = "wrong_date_of_birth"
    not_usable = "not_usable"  # unknown, expired, used or ended (now or before)


@dataclass(frozen=True)
class SignInResult:
    outcome: Outcome
    attempts_left: int = 0
    session_token: str | None = None


def sign_in(
    session: Session,
    *,
    secret: str,
    date_of_birth: date,
    now: datetime,
    policy: PersonLinkPolicy,
) -> SignInResult:
    """The person gives their date of birth: the right one signs them in (once); a wrong one
    counts, and the last allowed wrong one ends the link."""
    link = link_of(session, secret)
    if link is None:
        return SignInResult(Outcome.not_usable)
    session.refresh(link, with_for_update=True)
    if state_of(link, now) != LinkState.usable:
        _audit(session, link, f"person_link_refused_{state_of(link, now).value}", AuditKind.refused)
        return SignInResult(Outcome.not_usable)
    case = session.get(Case, link.case_id)
    assert case is not None  # the foreign key guarantees it
    if case.date_of_birth != date_of_birth:
        link.wrong_dates_of_birth += 1
        left = attempts_left(link.wrong_dates_of_birth, policy)
        _audit(session, link, "person_wrong_date_of_birth")
        if left == 0:
            link.ended_at, link.end_reason = now, PersonLinkEnd.wrong_dates_of_birth.value
            link.text_url = None
            _audit(session, link, "person_link_ended")
            return SignInResult(Outcome.not_usable)
        return SignInResult(Outcome.wrong_date_of_birth, attempts_left=left)
    token = new_secret()
    link.signed_in_at, link.end_reason = now, PersonLinkEnd.signed_in.value
    link.text_url = None
    link.session_hash = hash_token(token)
    link.session_expires_at = now + timedelta(minutes=policy.session_minutes)
    _audit(session, link, "person_signed_in")
    return SignInResult(Outcome.signed_in, session_token=token)


def link_of_session(session: Session, token: str, now: datetime) -> PersonLink | None:
    """The link whose plan this session may read (None when it has ended); the read audited."""
    link = session.exec(
        select(PersonLink).where(col(PersonLink.session_hash) == hash_token(token))
    ).first()
    if link is None or link.session_expires_at is None or link.session_expires_at <= now:
        return None
    _audit(session, link, "person_plan_read", AuditKind.read)
    return link


def case_of_link(session: Session, secret: str) -> Case | None:
    """The case a link is for, whatever its state (to choose the page's language offer)."""
    link = link_of(session, secret)
    return session.get(Case, link.case_id) if link else None
