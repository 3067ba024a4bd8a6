"""`resettle run-daily`: run every daily flow once, as of a day, and say what it did."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import typer
from rich.table import Table

from resettlement import clock
from resettlement.cli.common import config_or_exit, console, err
from resettlement.orchestration import orchestrator
from resettlement.sweeps import StepOutcome, SweepResult


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
    config_or_exit()
    day = as_of.date() if as_of else clock.today()
    flows = orchestrator()
    err.print(f"Prefect {flows.describe()}")
    if as_of is None:
        outcomes = flows.run_daily(day)
    else:
        with clock.frozen_at(clock.start_of_day(day)):
            outcomes = flows.run_daily(day)
    console.print(report(day, outcomes))
    failed = [o.step for o in outcomes if o.error]
    if failed:
        err.print(f"[red]failed steps: {', '.join(failed)}[/red] (the others completed)")
        raise typer.Exit(1)
