"""Duty to refer: chase the local authority when a referral has no outcome after 14 days."""

from __future__ import annotations

from datetime import date

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows._sweep import RETRIES, RETRY_DELAY_S, run_sweep
from resettlement import clock
from resettlement.duty_to_refer.sweep import chase_overdue_referrals
from resettlement.sweeps import SweepResult


@task(
    name="chase-overdue-referrals",
    cache_policy=NO_CACHE,
    retries=RETRIES,
    retry_delay_seconds=RETRY_DELAY_S,
)
def chase(as_of: date, region: str | None = None) -> SweepResult:
    return run_sweep(chase_overdue_referrals, as_of, region)


@flow(name="referral-chase")
def referral_chase(as_of: date | None = None, region: str | None = None) -> list[SweepResult]:
    """One chase task per referral still without an outcome after the chase days."""
    return [chase(as_of or clock.today(), region)]
