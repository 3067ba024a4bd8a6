"""The web pages' session cookie: who is signed in, the CSRF token, a flash message.

The cookie is signed with itsdangerous (secret: RESETTLE_SESSION_SECRET, else one generated
once and kept under the data folder with 0600 permissions), HttpOnly, SameSite=Lax, and it
expires after SESSION_HOURS. Signed in, it carries the token of a session kept in the database
(access/sign_in.py), which sign-out ends: a copied cookie is then worth nothing. It holds no
role or scope: those are read from the user's record on every request, so a deactivated user is
out at once.
"""

from __future__ import annotations

import hmac
import os
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from resettlement import clock
from resettlement.access.sign_in import end_session, session_username, start_session
from resettlement.settings import get_settings
from resettlement.storage.db import session_scope

COOKIE = "resettle_session"
SESSION_HOURS = 8  # a working day: signed out at the end of a shift
SECRET_FILE = "session-secret"
_SALT = "resettle-web-session"


def _read_or_create_secret(folder: Path) -> str:
    """The generated secret under the data folder, created once with owner-only permissions."""
    path = folder / SECRET_FILE
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it meanwhile: use theirs
            return path.read_text(encoding="ascii").strip()
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="ascii").strip()


@lru_cache(maxsize=4)
def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=_SALT)


def serializer() -> URLSafeTimedSerializer:
    settings = get_settings()
    secret = settings.session_secret or _read_or_create_secret(settings.data_dir)
    return _serializer(secret)


@dataclass
class WebSession:
    """One browser's session: the signed-in username (None before sign-in), the token of its
    session in the database, and its CSRF token."""

    username: str | None = None
    token: str | None = None
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    flash: str | None = None
    changed: bool = True

    def csrf_ok(self, submitted: str | None) -> bool:
        return bool(submitted) and hmac.compare_digest(self.csrf, str(submitted))

    def take_flash(self) -> str | None:
        message, self.flash = self.flash, None
        if message is not None:
            self.changed = True
        return message

    def set_flash(self, message: str) -> None:
        self.flash = message
        self.changed = True


def load(request: Request) -> WebSession:
    """The request's session (cached on the request); a fresh anonymous one if none is valid."""
    cached: WebSession | None = getattr(request.state, "web_session", None)
    if cached is not None:
        return cached
    session = _decode(request.cookies.get(COOKIE))
    request.state.web_session = session
    return session


def _decode(raw: str | None) -> WebSession:
    if not raw:
        return WebSession()
    try:
        data: dict[str, Any] = serializer().loads(raw, max_age=SESSION_HOURS * 3600)
    except BadSignature:  # tampered, signed with another secret, or expired
        return WebSession()
    csrf = data.get("c")
    if not isinstance(csrf, str) or not csrf:
        return WebSession()
    token = data.get("s") if isinstance(data.get("s"), str) else None
    flash = data.get("f") if isinstance(data.get("f"), str) else None
    username = None
    if token is not None:
        with session_scope(write=False) as db:
            username = session_username(db, token=token, now=clock.now())
    # A session that has ended or expired is dropped from the cookie on the way out.
    changed = token is not None and username is None
    return WebSession(
        username=username,
        token=token if username else None,
        csrf=csrf,
        flash=flash,
        changed=changed,
    )


def save(request: Request, response: Response, session: WebSession) -> None:
    """Write the cookie when the session changed (sign-in, sign-out, flash, first visit)."""
    if not session.changed:
        return
    value = serializer().dumps({"s": session.token, "c": session.csrf, "f": session.flash})
    response.set_cookie(
        COOKIE,
        value,
        max_age=SESSION_HOURS * 3600,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def signed_in_as(request: Request, username: str) -> WebSession:
    """A new session for a user who has just signed in: a new CSRF token, nothing carried over."""
    with session_scope() as db:
        token = start_session(db, username=username, now=clock.now(), hours=SESSION_HOURS)
    session = WebSession(username=username, token=token)
    request.state.web_session = session
    return session


def signed_out(request: Request) -> WebSession:
    """End the browser's session in the database (its cookie, copies too, signs nobody in)."""
    token = load(request).token
    if token is not None:
        with session_scope() as db:
            end_session(db, token=token, now=clock.now())
    session = WebSession()
    request.state.web_session = session
    return session
