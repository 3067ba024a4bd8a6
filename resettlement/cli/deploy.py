"""`resettle deploy`: register the flows as deployments on a Prefect server's process work pool
(flows/deploy.py); safe to repeat."""

from __future__ import annotations

from typing import Annotated

import typer

from resettlement.cli.common import config_or_exit, console, err
from resettlement.orchestration import orchestrator, scale_out

DEFAULT_POOL = "resettlement"


def deploy_command(
    pool: Annotated[str, typer.Option(help="the process work pool (created if missing)")] = (
        DEFAULT_POOL
    ),
    work_queue: Annotated[
        str | None, typer.Option(help="a work queue of the pool (default: the pool's default)")
    ] = None,
) -> None:
    """Register the daily flows on the Prefect server at PREFECT_API_URL (scale-out mode)."""
    if not scale_out():
        err.print(
            "[red]PREFECT_API_URL is not set[/red]: deployments live on a Prefect server "
            "(see README, 'Deploying at scale')"
        )
        raise typer.Exit(2)
    policy = config_or_exit()
    names = orchestrator().deploy(pool, work_queue)
    console.print(f"deployments registered on pool {pool!r}: {', '.join(names)}")
    when = f"'{policy.schedule.daily_cron}' ({policy.timezone})"
    console.print(f"daily runs at {when}; start workers with: prefect worker start --pool {pool}")
