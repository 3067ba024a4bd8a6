"""Handover delivery: the outbox of handovers goes to each CJIT area's case system, once.

Run by the daily flow, and right after a release event that opened a handover to send (the
pipes run, flows/pipes.py). The task has no Prefect retries: the delivery service is the one
layer that retries, per handover, with backoff.
"""

from __future__ import annotations

from datetime import date

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from resettlement import clock
from resettlement.handover.delivery import deliver_pending
from resettlement.policy import get_policy
from resettlement.storage.db import get_engine
from resettlement.sweeps import SweepResult


@task(name="deliver-pending-handovers", cache_policy=NO_CACHE)
def deliver(region: str | None = None) -> SweepResult:
    return deliver_pending(get_engine(), now=clock.now(), policy=get_policy(), region=region)


@flow(name="handover-delivery")
def handover_delivery(as_of: date | None = None, region: str | None = None) -> list[SweepResult]:
    """Deliver every pending or failed handover (of `region`'s cases, when given); `as_of` is
    accepted like every daily step, but an outbox is always sent as it stands now."""
    return [deliver(region)]
