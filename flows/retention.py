"""Trust, daily: people whose every case ended long ago are anonymised, old raw event payloads
are dropped (UK GDPR retention), and the audit trail's rows are sealed into its hash chain."""

from __future__ import annotations

from datetime import date

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows._sweep import RETRIES, RETRY_DELAY_S, run_sweep
from resettlement import clock
from resettlement.access.audit_chain import seal_audit
from resettlement.privacy.retention import anonymise_ended, drop_old_payloads
from resettlement.sweeps import SweepResult


@task(
    name="anonymise-ended",
    cache_policy=NO_CACHE,
    retries=RETRIES,
    retry_delay_seconds=RETRY_DELAY_S,
)
def anonymise(as_of: date, region: str | None = None) -> SweepResult:
    return run_sweep(anonymise_ended, as_of, region)


@task(
    name="drop-old-payloads",
    cache_policy=NO_CACHE,
    retries=RETRIES,
    retry_delay_seconds=RETRY_DELAY_S,
)
def drop_payloads(as_of: date, region: str | None = None) -> SweepResult:
    return run_sweep(drop_old_payloads, as_of, region)


@task(name="seal-audit", cache_policy=NO_CACHE, retries=RETRIES, retry_delay_seconds=RETRY_DELAY_S)
def seal(as_of: date, region: str | None = None) -> SweepResult:
    return run_sweep(seal_audit, as_of, region)


@flow(name="retention")
def retention(as_of: date | None = None, region: str | None = None) -> list[SweepResult]:
    """Anonymise people whose cases ended long ago, drop old raw payloads, seal the audit."""
    day = as_of or clock.today()
    return [anonymise(day, region), drop_payloads(day, region), seal(day, region)]
