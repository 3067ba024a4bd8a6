"""Needs not started: each need still not started 28 days before release is chased (policy)."""

from __future__ import annotations

from datetime import date

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows._sweep import RETRIES, RETRY_DELAY_S, run_sweep
from resettlement import clock
from resettlement.needs.sweep import raise_need_tasks
from resettlement.sweeps import SweepResult


@task(
    name="raise-need-tasks",
    cache_policy=NO_CACHE,
    retries=RETRIES,
    retry_delay_seconds=RETRY_DELAY_S,
)
def chase_needs(as_of: date, region: str | None = None) -> SweepResult:
    return run_sweep(raise_need_tasks, as_of, region)


@flow(name="needs-chase")
def needs_chase(as_of: date | None = None, region: str | None = None) -> list[SweepResult]:
    """One need_not_started task for its owner per need still not started near release."""
    return [chase_needs(as_of or clock.today(), region)]
