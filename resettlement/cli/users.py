"""`resettle users`: people and systems that may use the gateway."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from resettlement.access.users import add_user
from resettlement.errors import ServiceError
from resettlement.policy import get_reference
from resettlement.storage.db import session_scope
from resettlement.vocabulary import Role

users_app = typer.Typer(help="Manage users.", no_args_is_help=True)


@users_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="username, e.g. j.smith")],
    role: Annotated[Role, typer.Option(help="admin, prison_staff, cjit_worker or rom")],
    scope: Annotated[str | None, typer.Option(help="prison, CJIT area or region code")] = None,
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
                reference=get_reference(),
                password=secret,
            )
    except ServiceError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"user {name} ({role.value}{', ' + scope if scope else ''}) created; API token:")
    typer.echo(token)
