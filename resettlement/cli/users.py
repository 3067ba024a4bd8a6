"""`resettle users`: people and systems that may use the gateway (add, list, disable,
rotate-token). Each change is on the audit trail (via cli)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from resettlement import clock
from resettlement.access.audit import record_admin
from resettlement.access.users import (
    Principal,
    add_user,
    disable_user,
    list_users,
    rotate_token,
    token_expires_at,
)
from resettlement.cli.common import console
from resettlement.errors import ServiceError
from resettlement.policy import get_policy, get_reference
from resettlement.storage.db import session_scope
from resettlement.vocabulary import Role, Team, Via

users_app = typer.Typer(help="Manage users.", no_args_is_help=True)
# Who a change made at the command line is audited as: the operator's shell, not a user.
OPERATOR = Principal(username="cli", role=Role.admin, scope=None, via=Via.cli)


def _fail(exc: ServiceError) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(2)


@users_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="username, e.g. j.smith")],
    role: Annotated[Role, typer.Option(help="admin, prison_staff, cjit_worker, rom or feed")],
    scope: Annotated[str | None, typer.Option(help="prison, CJIT area or region code")] = None,
    team: Annotated[
        Team | None,
        typer.Option(help="prison staff: hacs, carat or probation (without one: read only)"),
    ] = None,
    password: Annotated[bool, typer.Option(help="prompt for a password for the web pages")] = False,
    password_stdin: Annotated[
        bool, typer.Option(help="read the web password from the first line of standard input")
    ] = False,
) -> None:
    """Create a user; prints its API token alone on the last line."""
    if password and password_stdin:
        typer.echo("error: use --password or --password-stdin, not both", err=True)
        raise typer.Exit(2)
    secret = None
    if password:
        secret = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    elif password_stdin:
        secret = sys.stdin.readline().rstrip("\r\n")
    try:
        with session_scope() as session:
            token = add_user(
                session,
                username=name,
                role=role,
                scope=scope,
                team=team,
                reference=get_reference(),
                password=secret,
            )
            record_admin(session, OPERATOR, "user_added", name)
    except ServiceError as exc:
        raise _fail(exc) from None
    what = ", ".join(v for v in (role.value, scope, team.value if team else None) if v)
    typer.echo(f"user {name} ({what}) created; API token:")
    typer.echo(token)


@users_app.command("list")
def list_command() -> None:
    """Every user: role, scope, team, whether active, and when the API token expires."""
    days = get_policy().api_tokens.valid_days
    now = clock.now()
    table = Table(title=f"Users (API tokens valid {days} days)")
    for column in ("username", "role", "scope", "team", "status", "token expires"):
        table.add_column(column)
    with session_scope(write=False) as session:
        for user in list_users(session):
            expires = token_expires_at(user, days)
            status = "active" if user.active else "disabled"
            when = expires.strftime("%Y-%m-%d %H:%M UTC") + (" (expired)" if expires <= now else "")
            table.add_row(user.username, user.role, user.scope or "", user.team or "", status, when)
    console.print(table)


@users_app.command("disable")
def disable(name: Annotated[str, typer.Argument(help="username")]) -> None:
    """Disable a user: its API token and web sessions stop working at once (401)."""
    try:
        with session_scope() as session:
            disable_user(session, name)
            record_admin(session, OPERATOR, "user_disabled", name)
    except ServiceError as exc:
        raise _fail(exc) from None
    typer.echo(f"user {name} disabled")


@users_app.command("rotate-token")
def rotate(name: Annotated[str, typer.Argument(help="username")]) -> None:
    """A new API token for the user, printed alone on the last line; the old one stops."""
    try:
        with session_scope() as session:
            token = rotate_token(session, name)
            record_admin(session, OPERATOR, "token_rotated", name)
    except ServiceError as exc:
        raise _fail(exc) from None
    days = get_policy().api_tokens.valid_days
    typer.echo(f"new API token for {name} (valid {days} days; the old one no longer works):")
    typer.echo(token)
