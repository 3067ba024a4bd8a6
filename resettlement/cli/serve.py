"""`resettle serve`: the web pages and JSON API, and (embedded mode) the daily scheduler."""

from __future__ import annotations

from typing import Annotated

import typer

from resettlement.cli.common import config_or_exit, console
from resettlement.orchestration import scale_out
from resettlement.policy import get_policy


def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
) -> None:
    """Web UI + JSON API + embedded scheduler."""
    import uvicorn

    from resettlement import scheduler
    from resettlement.app import create_app

    config_or_exit()
    console.print(f"Resettlement Gateway on http://{host}:{port}/  (API docs: /docs)")
    embedded = None
    if scale_out():
        console.print("scale-out mode: the Prefect server at PREFECT_API_URL schedules the flows")
    else:
        policy = get_policy()
        embedded = scheduler.start_embedded(policy)
        when = f"'{policy.schedule.daily_cron}' ({policy.timezone})"
        console.print(f"embedded mode: APScheduler runs the daily flows at {when}")
    try:
        uvicorn.run(create_app(), host=host, port=port, log_level="info")
    finally:
        if embedded is not None:
            embedded.shutdown(wait=False)
