"""The users page (admins): who may use the gateway, their role, scope and team, whether they
are active and when their API token expires; adding a user, disabling one, rotating a token.
The same services as `resettle users add | list | disable | rotate-token`. A new token is shown
once, on the answer to the form (never in a cookie or a redirect)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from resettlement import clock
from resettlement.access.audit import record_admin
from resettlement.access.permissions import require
from resettlement.access.users import (
    Principal,
    add_user,
    disable_user,
    list_users,
    rotate_token,
    token_expires_at,
)
from resettlement.errors import Conflict
from resettlement.policy import get_policy, get_reference
from resettlement.storage.db import session_scope
from resettlement.vocabulary import Action, Role, Team
from resettlement.web import forms
from resettlement.web.auth import Form, Viewer, text
from resettlement.web.filters import choices
from resettlement.web.render import redirect, render
from resettlement.web.routing import WebRoute

router = APIRouter(route_class=WebRoute, include_in_schema=False)
ADD_LABELS = {"username": "Username", "role": "Role", "scope": "Scope", "team": "Team"}
TEAMS = (Team.hacs, Team.carat, Team.probation)


def _admin(viewer: Principal) -> None:
    require(viewer, Action.manage_users)


def _page(request: Request, extra: dict[str, Any], status: int = 200) -> Response:
    days = get_policy().api_tokens.valid_days
    now = clock.now()
    with session_scope(write=False) as session:
        expiring = [(u, token_expires_at(u, days)) for u in list_users(session)]
    users = [{"user": u, "expires": at, "expired": at <= now} for u, at in expiring]
    context = {
        "users": users,
        "valid_days": days,
        "roles": choices(Role),
        "teams": choices(TEAMS),
        **extra,
    }
    return render(request, "users.html", context, status)


@router.get("/users")
def users_page(request: Request, viewer: Viewer) -> Response:
    _admin(viewer)
    return _page(request, {})


@router.post("/users")
def user_add(request: Request, viewer: Viewer, form: Form) -> Response:
    _admin(viewer)
    state = forms.read(form, ADD_LABELS, labels=ADD_LABELS)
    name, role, team = (state.values[k] for k in ("username", "role", "team"))
    if role not in Role.__members__:
        state.add("role", "Select a role")
    if team and team not in Team.__members__:
        state.add("team", "Select a team")
    token = None
    if state.ok:
        with forms.refusals(state), session_scope() as session:
            token = add_user(
                session,
                username=name,
                role=Role(role),
                scope=state.values["scope"] or None,
                team=Team(team) if team else None,
                reference=get_reference(),
            )
            record_admin(session, viewer, "user_added", name)
    if token is None:
        return _page(request, state.context(), 422)
    return _page(request, {"new_token": (name, token)})


@router.post("/users/{username}/disable")
def user_disable(request: Request, username: str, viewer: Viewer, _form: Form) -> Response:
    _admin(viewer)
    with session_scope() as session:
        disable_user(session, username)
        record_admin(session, viewer, "user_disabled", username)
    return redirect(request, "/users", flash=f"{username} disabled: their token and sessions stop")


@router.post("/users/{username}/rotate-token")
def user_rotate(request: Request, username: str, viewer: Viewer, form: Form) -> Response:
    _admin(viewer)
    if text(form, "confirm") != "yes":
        raise Conflict("tick the box to confirm: the old token stops working at once")
    with session_scope() as session:
        token = rotate_token(session, username)
        record_admin(session, viewer, "token_rotated", username)
    return _page(request, {"new_token": (username, token)})
