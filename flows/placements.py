"""Placements: chase the providers' replies; end the places of cases that left the path."""

from __future__ import annotations

from datetime import date

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows._sweep import RETRIES, RETRY_DELAY_S, run_sweep
from resettlement import clock
from resettlement.placements.sweep import sweep_placements
from resettlement.sweeps import SweepResult


@task(
    name="sweep-placements",
    cache_policy=NO_CACHE,
    retries=RETRIES,
    retry_delay_seconds=RETRY_DELAY_S,
)
def placements_step(as_of: date, region: str | None = None) -> SweepResult:
    return run_sweep(sweep_placements, as_of, region)


@flow(name="placements")
def placements(as_of: date | None = None, region: str | None = None) -> list[SweepResult]:
    """One chase per request unanswered after the reply days; stale places ended."""
    return [placements_step(as_of or clock.today(), region)]
