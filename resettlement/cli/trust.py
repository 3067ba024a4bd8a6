"""`resettle audit verify | seal` and `resettle retention`: the audit chain and UK GDPR
retention from the command line."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import datetime
from typing import Annotated

import typer

from resettlement import clock
from resettlement.access import audit
from resettlement.access.audit_chain import seal_all, verify
from resettlement.cli.common import config_or_exit, console, err
from resettlement.privacy.retention import RETENTION_SWEEPS
from resettlement.storage.db import get_engine, session_scope

audit_app = typer.Typer(help="The audit trail's hash chain.", no_args_is_help=True)


@audit_app.command("verify")
def verify_command(
    seal_first: Annotated[
        bool, typer.Option("--seal", help="seal rows not yet in the chain before checking")
    ] = False,
) -> None:
    """Check the audit chain: exit 0 when intact; else 1, naming the first bad row."""
    if seal_first:
        with session_scope() as session:
            seal_all(session)
    engine = get_engine()
    if engine.dialect.name == "postgresql":  # one snapshot for the head and every row
        engine = engine.execution_options(isolation_level="REPEATABLE READ")
    with session_scope(engine, write=False) as session:
        verdict = verify(session)
    if not verdict.intact:
        err.print(f"[red]audit trail NOT intact[/red]: {verdict.problem}")
        err.print(f"first bad row: {verdict.bad_row}")
        raise typer.Exit(1)
    console.print(
        f"audit trail intact: {verdict.checked} rows chained; head {verdict.head_seq} "
        f"{verdict.head_hash}; {verdict.unsealed} rows not yet sealed"
    )


@audit_app.command("seal")
def seal_command() -> None:
    """Chain every row not yet sealed (requests and the daily run also do this)."""
    audit.drain()
    with session_scope() as session:
        sealed = seal_all(session)
    console.print(f"{sealed} rows sealed")


def retention(
    as_of: Annotated[
        datetime | None,
        typer.Option("--as-of", formats=["%Y-%m-%d"], help="the day to apply it as of"),
    ] = None,
) -> None:
    """Anonymise people whose every case ended long ago; drop old raw event payloads."""
    policy = config_or_exit()
    day = as_of.date() if as_of else clock.today()
    with clock.frozen_at(clock.start_of_day(day)) if as_of else nullcontext():
        for sweep in RETENTION_SWEEPS:
            with session_scope() as session:
                result = sweep(session, today=day, policy=policy)
            console.print(f"{result.name}: {result.changed} changed")
