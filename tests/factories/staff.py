"""The users tests sign in as (one per role and Durham team), other staff, and a browser-like
web client."""

from __future__ import annotations

from typing import Any

from resettlement.vocabulary import Role, Team
from tests.factories.events import AREA, FAR_AREA, FAR_PRISON, PRISON, REGION

# name -> (role, scope, team). Prison staff act only for their team: one Durham user per team,
# and "durham" itself belongs to none (it reads, never writes).
USERS: dict[str, tuple[Role, str | None, Team | None]] = {
    "admin": (Role.admin, None, None),
    "durham": (Role.prison_staff, PRISON, None),
    "durham-hacs": (Role.prison_staff, PRISON, Team.hacs),
    "durham-carat": (Role.prison_staff, PRISON, Team.carat),
    "durham-probation": (Role.prison_staff, PRISON, Team.probation),
    "pentonville": (Role.prison_staff, FAR_PRISON, Team.hacs),
    "newcastle": (Role.cjit_worker, AREA, None),
    "cardiff": (Role.cjit_worker, FAR_AREA, None),
    "rom-ne": (Role.rom, REGION, None),
    "rom-ln": (Role.rom, "LN", None),
    "feed": (Role.feed, None, None),
}


# Who writes each party's section of the release plan (and signs for it).
PLAN_WRITERS = {
    "hacs": "durham-hacs",
    "carat": "durham-carat",
    "probation": "durham-probation",
    "cjit": "newcastle",
}


WEB_PASSWORD = "correct horse battery staple"


def give_web_passwords(names: tuple[str, ...] = tuple(USERS)) -> None:
    """Let existing users (the `tokens` fixture's) sign in to the web pages with WEB_PASSWORD."""
    from argon2 import PasswordHasher
    from sqlalchemy import update
    from sqlmodel import col

    from resettlement.storage.db import session_scope
    from resettlement.storage.tables import User

    hashed = PasswordHasher().hash(WEB_PASSWORD)  # one hash for all: argon2 is slow on purpose
    with session_scope() as session:
        session.execute(
            update(User).where(col(User.username).in_(names)).values(password_hash=hashed)
        )


class WebClient:
    """A person's browser without the browser: cookies kept, the CSRF token read from each page."""

    def __init__(self, base: str) -> None:
        import requests

        self.base = base
        self.http = requests.Session()
        self.csrf = ""

    def _keep_token(self, response: Any) -> Any:
        import re

        found = re.search(r'name="csrf_token" value="([^"]+)"', response.text)
        if found:
            self.csrf = found.group(1)
        return response

    def get(self, path: str, **kw: Any) -> Any:
        kw.setdefault("timeout", 30)
        return self._keep_token(self.http.get(self.base + path, **kw))

    def post(self, path: str, data: dict[str, str] | None = None, **kw: Any) -> Any:
        """POST a form with the session's CSRF token (unless `data` brings its own)."""
        kw.setdefault("timeout", 30)
        form = {"csrf_token": self.csrf, **(data or {})}
        return self._keep_token(self.http.post(self.base + path, data=form, **kw))

    def sign_in(self, username: str, password: str = WEB_PASSWORD) -> Any:
        self.get("/sign-in")
        return self.post("/sign-in", {"username": username, "password": password})


def add_worker(api: Any, name: str, role: Role, scope: str, team: Team | None = None) -> str:
    """Another member of staff, with an API token the `api` client can call as; their name."""
    from resettlement.access.users import add_user
    from resettlement.policy import get_reference
    from resettlement.storage.db import session_scope

    with session_scope() as session:
        api.tokens[name] = add_user(
            session, username=name, role=role, scope=scope, team=team, reference=get_reference()
        )
    return name


def allocate(api: Any, case_id: str, team: str, username: str, *, user: str, **body: Any) -> Any:
    """PUT /cases/{id}/allocation/{team} as `user`; the response."""
    return api.put(
        f"/cases/{case_id}/allocation/{team}", json={"username": username} | body, user=user
    )
