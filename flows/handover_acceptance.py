"""Handover SLA: a handover not accepted by the end of the next working day is escalated."""

from __future__ import annotations

from datetime import date

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows._sweep import RETRIES, RETRY_DELAY_S, run_sweep
from resettlement import clock
from resettlement.handover.sweep import sweep_overdue_acceptances
from resettlement.sweeps import SweepResult


@task(
    name="raise-overdue-acceptances",
    cache_policy=NO_CACHE,
    retries=RETRIES,
    retry_delay_seconds=RETRY_DELAY_S,
)
def overdue_acceptances(as_of: date, region: str | None = None) -> SweepResult:
    return run_sweep(sweep_overdue_acceptances, as_of, region)


@flow(name="handover-acceptance")
def handover_acceptance(as_of: date | None = None, region: str | None = None) -> list[SweepResult]:
    """One handover_acceptance_overdue task (CJIT) per handover past its accept_by."""
    return [overdue_acceptances(as_of or clock.today(), region)]
