"""The HMPPS event inbox: pending messages processed in order per person (completed from the
Prisoner Search API, applied through the intake), then the inbox purged of what is older than
`hmpps_events.keep_days`. In the daily run (first: the sweeps then see the day's movements) and
in the pipes run right after a message arrives. The processing task has no Prefect retries: the
inbox itself retries each message, with backoff, and loses none.
"""

from __future__ import annotations

from datetime import date

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows._sweep import RETRIES, RETRY_DELAY_S, run_sweep
from resettlement import clock
from resettlement.inbox.processing import process_inbox
from resettlement.inbox.purge import purge_inbox
from resettlement.policy import get_policy, get_reference
from resettlement.storage.db import get_engine
from resettlement.sweeps import SweepResult


@task(name="process-hmpps-inbox", cache_policy=NO_CACHE)
def process(region: str | None = None) -> SweepResult:
    return process_inbox(
        get_engine(),
        now=clock.now(),
        policy=get_policy(),
        reference=get_reference(),
        region=region,
    )


@task(
    name="purge-hmpps-inbox",
    cache_policy=NO_CACHE,
    retries=RETRIES,
    retry_delay_seconds=RETRY_DELAY_S,
)
def purge(as_of: date, region: str | None = None) -> SweepResult:
    return run_sweep(purge_inbox, as_of, region)


@flow(name="hmpps-inbox")
def hmpps_inbox(as_of: date | None = None, region: str | None = None) -> list[SweepResult]:
    """Process the inbox as it stands now (of `region`'s prisons, when given), then purge it."""
    return [process(region), purge(as_of or clock.today(), region)]
