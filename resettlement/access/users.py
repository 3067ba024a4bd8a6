"""Users: role, scope and team, API token (only its hash is stored, valid for a policy period),
optional password (argon2); disabling a user and rotating its token."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from resettlement import clock
from resettlement.errors import Conflict, InvalidInput, NotFound
from resettlement.policy import Reference
from resettlement.storage.tables import SignInSession, User
from resettlement.vocabulary import Role, Team, Via

_hasher = PasswordHasher()
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,99}$")
MAX_PASSWORD = 1024  # argon2 hashes the whole password: a bound on its cost
PRISON_TEAMS = frozenset({Team.hacs, Team.carat, Team.probation})
# Roles without a scope: they see every case (admin) or none (feed).
UNSCOPED = frozenset({Role.admin, Role.feed})


@dataclass(frozen=True)
class Principal:
    """Who is calling, with what role, scope and team, through what (api, web, cli) and with
    which credential (an identifier of the token or session, never the secret); every read and
    write is checked against it and audited with it."""

    username: str
    role: Role
    scope: str | None
    team: Team | None = None
    via: Via = Via.system
    credential: str | None = None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def credential_id(kind: str, token_hash: str) -> str:
    """An identifier of a token or session for the audit: a prefix of its hash, not the secret."""
    return f"{kind}:{token_hash[:12]}"


def _check_scope(role: Role, scope: str | None, reference: Reference) -> None:
    tables: dict[Role, tuple[str, Collection[str]]] = {
        Role.prison_staff: ("prison", reference.prisons.keys()),
        Role.cjit_worker: ("CJIT area", reference.areas.keys()),
        Role.rom: ("region", reference.regions.keys()),
    }
    if role in UNSCOPED:
        if scope:
            raise InvalidInput.one("scope", f"a {role.value} has no scope")
        return
    label, known = tables[role]
    if not scope:
        raise InvalidInput.one("scope", f"a {role.value} needs a {label} code as scope")
    if scope not in known:
        raise InvalidInput.one("scope", f"unknown {label} code {scope!r}")


def _check_team(role: Role, team: Team | None) -> None:
    if team is None:
        return
    if role != Role.prison_staff:
        raise InvalidInput.one("team", "only prison staff belong to a team")
    if team not in PRISON_TEAMS:
        raise InvalidInput.one("team", "a prison team is hacs, carat or probation")


def add_user(
    session: Session,
    *,
    username: str,
    role: Role,
    scope: str | None,
    reference: Reference,
    password: str | None = None,
    team: Team | None = None,
) -> str:
    """Create a user and return its API token (shown once; only its hash is kept)."""
    if not USERNAME.match(username):
        raise InvalidInput.one("username", "2-100 characters: lower-case letters, digits, . _ -")
    _check_scope(role, scope, reference)
    _check_team(role, team)
    if password is not None and len(password) < 10:
        raise InvalidInput.one("password", "must be at least 10 characters")
    if password is not None and len(password) > MAX_PASSWORD:
        raise InvalidInput.one("password", f"must be {MAX_PASSWORD} characters or fewer")
    token = secrets.token_urlsafe(32)
    now = clock.now()
    user = User(
        username=username,
        role=role.value,
        scope=scope or None,
        team=team.value if team else None,
        token_hash=hash_token(token),
        token_issued_at=now,
        password_hash=_hasher.hash(password) if password else None,
        created_at=now,
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict(f"user {username!r} already exists") from None
    return token


def token_expires_at(user: User, valid_days: int) -> datetime:
    return user.token_issued_at + timedelta(days=valid_days)


def list_users(session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(col(User.username))))


def _user(session: Session, username: str) -> User:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        raise NotFound(f"no user {username!r}")
    return user


def disable_user(session: Session, username: str) -> User:
    """Its token and every web session stop working at once (401); the record stays."""
    user = _user(session, username)
    user.active = False
    session.execute(
        update(SignInSession)
        .where(col(SignInSession.username) == username, col(SignInSession.ended_at).is_(None))
        .values(ended_at=clock.now())
    )
    session.add(user)
    return user


def rotate_token(session: Session, username: str) -> str:
    """A new API token (valid for the policy period from now); the old one answers 401."""
    user = _user(session, username)
    token = secrets.token_urlsafe(32)
    user.token_hash = hash_token(token)
    user.token_issued_at = clock.now()
    session.add(user)
    return token


def principal_of(user: User | None, *, via: Via, credential: str | None) -> Principal | None:
    """The principal a user record gives (None when there is none or it is disabled)."""
    if user is None or not user.active:
        return None
    return Principal(
        username=user.username,
        role=Role(user.role),
        scope=user.scope,
        team=Team(user.team) if user.team else None,
        via=via,
        credential=credential,
    )


def by_token(session: Session, token: str, *, now: datetime, valid_days: int) -> Principal | None:
    """The caller whose API token this is, while it has not expired nor its user been disabled."""
    token_hash = hash_token(token)
    user = session.exec(select(User).where(User.token_hash == token_hash)).first()
    if user is None or token_expires_at(user, valid_days) <= now:
        return None
    return principal_of(user, via=Via.api, credential=credential_id("token", token_hash))


def by_password(session: Session, username: str, password: str) -> Principal | None:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None or user.password_hash is None:
        _hasher.hash(password)  # same cost whether or not the user exists
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return None
    return principal_of(user, via=Via.web, credential=None)
