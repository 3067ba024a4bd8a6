"""`resettle run-daily`: run every daily flow once, as of a day, and say what it did."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from resettlement import clock, orchestration
from resettlement.policy import ConfigError, get_policy, get_reference
from resettlement.sweeps import SweepResult

if TYPE_CHECKING:
    from flows.daily import StepOutcome

console = Console()
err = Console(stderr=True)


def mode() -> str:
    """Which Prefect runs the flows, in words for the operator."""
    if orchestration.scale_out():
        return "scale-out: flow runs are recorded by the Prefect server at PREFECT_API_URL"
    return f"embedded: Prefect's ephemeral API, run history in {orchestration.prefect_home()}"


def report(day: date, outcomes: list[StepOutcome]) -> Table:
    """One row per sweep, grouped by step (flow), failed steps in red, then the totals."""
    table = Table(title=f"Daily run as of {day.isoformat()}")
    table.add_column("step", overflow="fold")
    table.add_column("sweep", overflow="fold")
    for column in ("raised", "escalated", "closed", "changed"):
        table.add_column(column, justify="right", no_wrap=True)
    total = SweepResult("total")
    for outcome in outcomes:
        if outcome.error:
            table.add_row(outcome.step, f"[red]failed: {outcome.error}[/red]", "", "", "", "")
        for index, result in enumerate(outcome.results):
            total += result
            counts = (result.raised, result.escalated, result.closed, result.changed)
            step = outcome.step if index == 0 else ""
            table.add_row(step, result.name, *(str(n) for n in counts))
    table.add_section()
    counts = (total.raised, total.escalated, total.closed, total.changed)
    table.add_row("[b]total[/b]", "", *(f"[b]{n}[/b]" for n in counts))
    return table


def run_daily(
    as_of: Annotated[
        datetime | None,
        typer.Option(
            "--as-of",
            formats=["%Y-%m-%d"],
            help="the day to run for (YYYY-MM-DD); the clock is fixed at 06:00 London that day",
        ),
    ] = None,
) -> None:
    """Run every daily flow once as of a day; print what each raised, escalated and closed."""
    try:
        get_policy()
        get_reference()
    except ConfigError as exc:
        err.print(f"[red]configuration error[/red]\n{exc}")
        raise typer.Exit(2) from None
    day = as_of.date() if as_of else clock.today()
    err.print(f"Prefect {mode()}")
    orchestration.prepare()
    from flows.daily import run_daily as run_daily_flow

    if as_of is None:
        outcomes = run_daily_flow(day)
    else:
        with clock.frozen_at(clock.start_of_day(day)):
            outcomes = run_daily_flow(day)
    console.print(report(day, outcomes))
    failed = [o.step for o in outcomes if o.error]
    if failed:
        err.print(f"[red]failed steps: {', '.join(failed)}[/red] (the others completed)")
        raise typer.Exit(1)
