"""Users: role and scope, API token (only its hash is stored), optional password (argon2)."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Collection
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from resettlement import clock
from resettlement.errors import Conflict, InvalidInput
from resettlement.policy import Reference
from resettlement.storage.tables import User
from resettlement.vocabulary import Role

_hasher = PasswordHasher()
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,99}$")


@dataclass(frozen=True)
class Principal:
    """Who is calling, with what role and scope; every read and write is checked against it."""

    username: str
    role: Role
    scope: str | None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _check_scope(role: Role, scope: str | None, reference: Reference) -> None:
    tables: dict[Role, tuple[str, Collection[str]]] = {
        Role.prison_staff: ("prison", reference.prisons.keys()),
        Role.cjit_worker: ("CJIT area", reference.areas.keys()),
        Role.rom: ("region", reference.regions.keys()),
    }
    if role == Role.admin:
        if scope:
            raise InvalidInput.one("scope", "an admin has no scope")
        return
    label, known = tables[role]
    if not scope:
        raise InvalidInput.one("scope", f"a {role.value} needs a {label} code as scope")
    if scope not in known:
        raise InvalidInput.one("scope", f"unknown {label} code {scope!r}")


def add_user(
    session: Session,
    *,
    username: str,
    role: Role,
    scope: str | None,
    reference: Reference,
    password: str | None = None,
) -> str:
    """Create a user and return its API token (shown once; only its hash is kept)."""
    if not USERNAME.match(username):
        raise InvalidInput.one("username", "2-100 characters: lower-case letters, digits, . _ -")
    _check_scope(role, scope, reference)
    if password is not None and len(password) < 10:
        raise InvalidInput.one("password", "must be at least 10 characters")
    token = secrets.token_urlsafe(32)
    user = User(
        username=username,
        role=role.value,
        scope=scope or None,
        token_hash=hash_token(token),
        password_hash=_hasher.hash(password) if password else None,
        created_at=clock.now(),
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise Conflict(f"user {username!r} already exists") from None
    return token


def _principal(user: User | None) -> Principal | None:
    if user is None or not user.active:
        return None
    return Principal(username=user.username, role=Role(user.role), scope=user.scope)


def by_token(session: Session, token: str) -> Principal | None:
    query = select(User).where(User.token_hash == hash_token(token))
    return _principal(session.exec(query).first())


def by_password(session: Session, username: str, password: str) -> Principal | None:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None or user.password_hash is None:
        _hasher.hash(password)  # same cost whether or not the user exists
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, InvalidHashError):
        return None
    return _principal(user)
