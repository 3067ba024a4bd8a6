"""Tenancy checks: each check falling due (1, 7, 28, 91, 182 days after release) is raised."""

from __future__ import annotations

from datetime import date

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows._sweep import RETRIES, RETRY_DELAY_S, run_sweep
from resettlement import clock
from resettlement.aftercare.sweep import raise_due_tenancy_checks
from resettlement.sweeps import SweepResult


@task(
    name="raise-due-tenancy-checks",
    cache_policy=NO_CACHE,
    retries=RETRIES,
    retry_delay_seconds=RETRY_DELAY_S,
)
def due_checks(as_of: date, region: str | None = None) -> SweepResult:
    return run_sweep(raise_due_tenancy_checks, as_of, region)


@flow(name="tenancy-checks")
def tenancy_checks(as_of: date | None = None, region: str | None = None) -> list[SweepResult]:
    """One tenancy_check_due task (CJIT) per due check of a current custody episode."""
    return [due_checks(as_of or clock.today(), region)]
