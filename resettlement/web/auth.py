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
from resettlement.access.sign_in import clear_failures, locked_out, record_failure
from resettlement.access.users import Principal, by_password
from resettlement.policy import get_policy
from resettlement.storage.db import session_scope
from resettlement.storage.tables import User
from resettlement.vocabulary import Role
from resettlement.web import session
from resettlement.web.render import HOME, redirect, render
from resettlement.web.routing import CsrfRefused, SignInRequired, WebRoute, safe_next

router = APIRouter(route_class=WebRoute, include_in_schema=False)
MAX_FIELD = 200


def _principal(username: str) -> Principal | None:
    with session_scope(write=False) as db:
        user = db.exec(select(User).where(User.username == username)).first()
        if user is None or not user.active:
            return None
        return Principal(username=user.username, role=Role(user.role), scope=user.scope)


def signed_in(request: Request) -> Principal:
    """The signed-in person; otherwise off to the sign-in page (and back here afterwards)."""
    web_session = session.load(request)
    principal = _principal(web_session.username) if web_session.username else None
    if principal is None:
        raise SignInRequired()
    request.state.web_principal = principal
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
    web_session = session.load(request)
    principal = _principal(web_session.username) if web_session.username else None
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
    principal = None
    rules = get_policy().sign_in
    if not errors:
        now = clock.now()
        # The password hash is checked in a read transaction: SQLite's writers never wait on it.
        with session_scope(write=False) as db:
            locked = locked_out(db, username=username, rules=rules, now=now)
            if not locked:
                principal = by_password(db, username, password[:1024])
        if locked:
            errors["username"] = (
                f"Too many wrong passwords: try again in {rules.lockout_minutes} minutes"
            )
        else:
            with session_scope() as db:
                if principal is None:
                    record_failure(db, username=username, rules=rules, now=now)
                else:
                    clear_failures(db, username=username)
            if principal is None:
                errors["username"] = "Enter a correct username and password"
    next_page = safe_next(text(form, "next"), "")
    if principal is None:
        context = {"next": next_page, "values": {"username": username}, "errors": errors}
        return render(request, "sign_in.html", context | {"error_list": list(errors.items())}, 422)
    session.signed_in_as(request, principal.username)
    request.state.web_principal = principal
    return redirect(request, next_page or HOME[principal.role])


@router.post("/sign-out")
def sign_out(request: Request, _form: Form) -> Response:
    session.signed_out(request)
    return redirect(request, "/sign-in", flash="You have signed out")
