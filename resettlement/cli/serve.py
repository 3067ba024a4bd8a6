"""`resettle serve`: the web pages and JSON API, and (embedded mode) the daily scheduler.

Behind a TLS proxy, `--forwarded-allow-ips` names the proxy's addresses: the scheme and client
address it forwards (X-Forwarded-Proto, X-Forwarded-For) are then believed, so the session
cookie is `Secure`, answers carry HSTS, and the sign-in throttle counts the real address.
Access logs never show a query string (it can hold a person's name).
"""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from resettlement.cli.common import config_or_exit, console
from resettlement.orchestration import scale_out
from resettlement.policy import get_policy


class NoQueryStrings(logging.Filter):
    """Drop the query string from uvicorn's access log lines (a search may name a person)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], args[2].split("?", 1)[0], *args[3:])
        return True


def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    forwarded_allow_ips: Annotated[
        str | None,
        typer.Option(
            help="addresses of the TLS proxy in front (comma-separated, or '*'): trust its "
            "X-Forwarded-Proto and X-Forwarded-For"
        ),
    ] = None,
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
    logging.getLogger("uvicorn.access").addFilter(NoQueryStrings())
    try:
        uvicorn.run(
            create_app(),
            host=host,
            port=port,
            log_level="info",
            proxy_headers=forwarded_allow_ips is not None,
            forwarded_allow_ips=forwarded_allow_ips,
        )
    finally:
        if embedded is not None:
            embedded.shutdown(wait=False)
