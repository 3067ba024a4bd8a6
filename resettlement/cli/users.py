"""`resettle users`: people and systems that may use the gateway."""

from __future__ import annotations

from typing import Annotated

import typer

from resettlement.domain.vocabulary import Role
from resettlement.policy import get_reference
from resettlement.services.errors import ServiceError
from resettlement.services.users import add_user
from resettlement.storage.db import session_scope

users_app = typer.Typer(help="Manage users.", no_args_is_help=True)


@users_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="username, e.g. j.smith")],
    role: Annotated[Role, typer.Option(help="admin, prison_staff, cjit_worker or rom")],
    scope: Annotated[str | None, typer.Option(help="prison, CJIT area or region code")] = None,
    password: Annotated[bool, typer.Option(help="prompt for a password for the web pages")] = False,
) -> None:
    """Create a user; prints its API token alone on the last line."""
    secret = (
        typer.prompt("password", hide_input=True, confirmation_prompt=True) if password else None
    )
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
