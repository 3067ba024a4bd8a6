"""Release plan deadlines: plans open 84 days before release; unsigned parties chased from 28."""

from __future__ import annotations

from datetime import date

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows._sweep import RETRIES, RETRY_DELAY_S, run_sweep
from resettlement import clock
from resettlement.planning.sweep import open_plans_due, raise_signoff_tasks
from resettlement.sweeps import SweepResult


@task(
    name="open-release-plans",
    cache_policy=NO_CACHE,
    retries=RETRIES,
    retry_delay_seconds=RETRY_DELAY_S,
)
def open_plans(as_of: date, region: str | None = None) -> SweepResult:
    return run_sweep(open_plans_due, as_of, region)


@task(
    name="raise-signoff-tasks",
    cache_policy=NO_CACHE,
    retries=RETRIES,
    retry_delay_seconds=RETRY_DELAY_S,
)
def chase_signoffs(as_of: date, region: str | None = None) -> SweepResult:
    return run_sweep(raise_signoff_tasks, as_of, region)


@flow(name="plan-deadlines")
def plan_deadlines(as_of: date | None = None, region: str | None = None) -> list[SweepResult]:
    """Open the plans now due, then chase each party still to sign a plan near its deadline."""
    day = as_of or clock.today()
    return [open_plans(day, region), chase_signoffs(day, region)]
