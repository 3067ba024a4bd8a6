"""Signed-in web sessions and the sign-in lock-out, both kept in the database.

A session is a random token in the browser's cookie; the database keeps only its sha256, when it
expires and whether it has ended. Signing out ends it, so a copy of the cookie signs nobody in.
Wrong passwords are rows too, so the lock-out (policy `sign_in`) holds across every API node,
for a username and for the address the attempts come from.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, text, update
from sqlmodel import Session, col

from resettlement.access.users import hash_token
from resettlement.policy import SignInPolicy
from resettlement.storage.tables import SignInFailure, SignInSession


def start_session(db: Session, *, username: str, now: datetime, hours: int) -> str:
    """A new session for `username`, valid for `hours`; its token (kept only as a hash)."""
    token = secrets.token_urlsafe(32)
    # The user's sessions that have ended or expired are of no further use.
    db.execute(
        delete(SignInSession).where(
            col(SignInSession.username) == username,
            (col(SignInSession.expires_at) <= now) | col(SignInSession.ended_at).is_not(None),
        )
    )
    db.add(
        SignInSession(
            token_hash=hash_token(token),
            username=username,
            started_at=now,
            expires_at=now + timedelta(hours=hours),
        )
    )
    return token


def session_username(db: Session, *, token: str, now: datetime) -> str | None:
    """Who the session with `token` signed in, if it has neither ended nor expired."""
    query = select(col(SignInSession.username)).where(
        col(SignInSession.token_hash) == hash_token(token),
        col(SignInSession.ended_at).is_(None),
        col(SignInSession.expires_at) > now,
    )
    return db.execute(query).scalar_one_or_none()


def end_session(db: Session, *, token: str, now: datetime) -> None:
    """Sign-out: the session's cookie, and any copy of it, signs nobody in from now on."""
    db.execute(
        update(SignInSession)
        .where(
            col(SignInSession.token_hash) == hash_token(token),
            col(SignInSession.ended_at).is_(None),
        )
        .values(ended_at=now)
    )


# The sign-in counter's PostgreSQL advisory lock ("SIGN"): attempts are counted one at a time.
LOCK_KEY = 0x5349_474E


def begin_attempt(
    db: Session, *, username: str, address: str, rules: SignInPolicy, now: datetime
) -> bool:
    """Count one sign-in attempt, as a wrong password until it proves right; False (and nothing
    counted) when the username or the address is locked out.

    Attempts are counted one at a time (SQLite's single writer; a PostgreSQL advisory lock),
    before the password is checked: parallel guesses cannot all pass under the limit. Failures
    older than the period, for any username, are dropped.
    """
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
    since = now - timedelta(minutes=rules.lockout_minutes)
    db.execute(delete(SignInFailure).where(col(SignInFailure.at) <= since))
    if _count(db, col(SignInFailure.username) == username) >= rules.max_failures:
        return False
    if _count(db, col(SignInFailure.address) == address) >= rules.max_failures_per_address:
        return False
    db.add(SignInFailure(username=username, address=address[:64], at=now))
    return True


def locked_out(db: Session, *, username: str, rules: SignInPolicy, now: datetime) -> bool:
    """Too many wrong passwords for `username` within the lock-out period."""
    since = now - timedelta(minutes=rules.lockout_minutes)
    clause = (col(SignInFailure.username) == username) & (col(SignInFailure.at) > since)
    return _count(db, clause) >= rules.max_failures


def _count(db: Session, clause: Any) -> int:
    query = select(func.count()).select_from(SignInFailure).where(clause)
    return int(db.execute(query).scalar_one())


def clear_failures(db: Session, *, username: str) -> None:
    """The right password: the username's count starts again (this attempt included)."""
    db.execute(delete(SignInFailure).where(col(SignInFailure.username) == username))
