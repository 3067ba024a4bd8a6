"""Sign-in and sign-out for people (username + argon2 password), and who is signed in.

Role and scope are exactly the API's: the signed-in user's record gives a Principal, and the
pages pass it to the same services, scoped by access/scope.py.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from sqlmodel import select
from starlette.datastructures import FormData

from resettlement import clock
from resettlement.access.sign_in import begin_attempt, clear_failures
from resettlement.access.users import (
    MAX_PASSWORD,
    Principal,
    by_password,
    credential_id,
    hash_token,
    principal_of,
)
from resettlement.policy import get_policy
from resettlement.storage.db import session_scope
from resettlement.storage.tables import User
from resettlement.vocabulary import Role, Via
from resettlement.web import session
from resettlement.web.render import HOME, redirect, render
from resettlement.web.routing import CsrfRefused, SignInRequired, WebRoute, safe_next

router = APIRouter(route_class=WebRoute, include_in_schema=False)
MAX_FIELD = 200


def _principal(username: str, token: str | None) -> Principal | None:
    """The person of a web session (the feed never signs in to the pages)."""
    credential = credential_id("session", hash_token(token)) if token else None
    with session_scope(write=False) as db:
        user = db.exec(select(User).where(User.username == username)).first()
        principal = principal_of(user, via=Via.web, credential=credential)
    return None if principal is None or principal.role == Role.feed else principal


def web_principal(request: Request) -> Principal | None:
    """Who the request's session cookie signs in, if anyone (read once per request)."""
    cached: Principal | None = getattr(request.state, "web_principal", None)
    if cached is not None:
        return cached
    web_session = session.load(request)
    if not web_session.username:
        return None
    principal = _principal(web_session.username, web_session.token)
    request.state.web_principal = principal
    return principal


def signed_in(request: Request) -> Principal:
    """The signed-in person; otherwise off to the sign-in page (and back here afterwards)."""
    principal = web_principal(request)
    if principal is None:
        raise SignInRequired()
    return principal


Viewer = Annotated[Principal, Depends(signed_in)]


async def checked_form(request: Request) -> FormData:
    """The posted form, once its CSRF token matches the session's (else the 403 page)."""
    form = await request.form()
    token = form.get("csrf_token")
    if not session.load(request).csrf_ok(token if isinstance(token, str) else None):
        raise CsrfRefused()
    return form


Form = Annotated[FormData, Depends(checked_form)]


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


@router.get("/")
def home(request: Request) -> Response:
    principal = web_principal(request)
    return redirect(request, HOME[principal.role] if principal else "/sign-in")


@router.get("/sign-in")
def sign_in_page(request: Request, next: str | None = None) -> Response:
    return render(request, "sign_in.html", {"next": safe_next(next, "")})


@router.post("/sign-in")
def sign_in(request: Request, form: Form) -> Response:
    username, password = text(form, "username").lower(), form.get("password")
    password = password if isinstance(password, str) else ""
    errors: dict[str, str] = {}
    if not username:
        errors["username"] = "Enter your username"
    elif len(username) > MAX_FIELD:
        errors["username"] = f"Username must be {MAX_FIELD} characters or fewer"
    if not password:
        errors["password"] = "Enter your password"
    elif len(password) > MAX_PASSWORD:  # refused, never cut short (it could never match)
        errors["password"] = f"Password must be {MAX_PASSWORD} characters or fewer"
    principal = None
    if not errors:
        principal = _check_password(request, username, password, errors)
    next_page = safe_next(text(form, "next"), "")
    if principal is None:
        context = {"next": next_page, "values": {"username": username}, "errors": errors}
        return render(request, "sign_in.html", context | {"error_list": list(errors.items())}, 422)
    web_session = session.signed_in_as(request, principal.username)
    request.state.web_principal = _principal(principal.username, web_session.token)
    return redirect(request, next_page or HOME[principal.role])


def _check_password(
    request: Request, username: str, password: str, errors: dict[str, str]
) -> Principal | None:
    """The person, if the password is right and neither the username nor the address is
    locked out; otherwise the reason goes in `errors`."""
    rules = get_policy().sign_in
    address = request.client.host if request.client else ""
    with session_scope() as db:  # counted first: parallel guesses queue here, not after
        admitted = begin_attempt(
            db, username=username, address=address, rules=rules, now=clock.now()
        )
    if not admitted:
        errors["username"] = (
            f"Too many wrong passwords: try again in {rules.lockout_minutes} minutes"
        )
        return None
    # The password hash is checked in a read transaction: SQLite's writers never wait on it.
    with session_scope(write=False) as db:
        principal = by_password(db, username, password)
    if principal is None or principal.role == Role.feed:
        errors["username"] = "Enter a correct username and password"
        return None
    with session_scope() as db:
        clear_failures(db, username=username)
    return principal


@router.post("/sign-out")
def sign_out(request: Request, _form: Form) -> Response:
    session.signed_out(request)
    return redirect(request, "/sign-in", flash="You have signed out")
