"""Signed-in web sessions and the sign-in lock-out, both kept in the database.

A session is a random token in the browser's cookie; the database keeps only its sha256, when it
expires and whether it has ended. Signing out ends it, so a copy of the cookie signs nobody in.
Wrong passwords are rows too, so the lock-out (policy `sign_in`) holds across every API node.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
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


def locked_out(db: Session, *, username: str, rules: SignInPolicy, now: datetime) -> bool:
    """Too many wrong passwords for `username` within the lock-out period."""
    since = now - timedelta(minutes=rules.lockout_minutes)
    query = select(func.count()).where(
        col(SignInFailure.username) == username, col(SignInFailure.at) > since
    )
    return int(db.execute(query).scalar_one()) >= rules.max_failures


def record_failure(db: Session, *, username: str, rules: SignInPolicy, now: datetime) -> None:
    """One more wrong password for `username`. Failures older than the period, for any
    username, are dropped: the table holds one period's failures, however many names are tried."""
    since = now - timedelta(minutes=rules.lockout_minutes)
    db.execute(delete(SignInFailure).where(col(SignInFailure.at) <= since))
    db.add(SignInFailure(username=username, at=now))


def clear_failures(db: Session, *, username: str) -> None:
    """The right password: the count starts again."""
    db.execute(delete(SignInFailure).where(col(SignInFailure.username) == username))
