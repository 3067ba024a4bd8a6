"""Housing horizon: custody cases releasing soon with housing unresolved get told, early."""

from __future__ import annotations

from datetime import date

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows._sweep import RETRIES, RETRY_DELAY_S, run_sweep
from resettlement import clock
from resettlement.horizon.sweep import sweep_housing_horizon
from resettlement.sweeps import SweepResult


@task(
    name="sweep-housing-horizon",
    cache_policy=NO_CACHE,
    retries=RETRIES,
    retry_delay_seconds=RETRY_DELAY_S,
)
def sweep(as_of: date, region: str | None = None) -> SweepResult:
    return run_sweep(sweep_housing_horizon, as_of, region)


@flow(name="housing-horizon")
def housing_horizon(as_of: date | None = None, region: str | None = None) -> list[SweepResult]:
    """Raise, escalate, re-plan and close housing_unresolved tasks (84…2 days; ROM from 14)."""
    return [sweep(as_of or clock.today(), region)]
