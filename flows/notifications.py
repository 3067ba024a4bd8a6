"""GOV.UK Notify messages: every new cause as of the day becomes one message in the outbox
(escalations to the ROM, handovers sent and overdue, consented referrals, team digests,
appointment reminders), then the outbox is sent. Last in the daily run (after the sweeps that
raise the causes), and in the pipes run right after an event; then messages older than
`notify.keep_days` are deleted. The sending task has no Prefect
retries: the outbox itself retries each message, with backoff, and loses none.
"""

from __future__ import annotations

from datetime import date

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows._sweep import RETRIES, RETRY_DELAY_S, run_sweep
from resettlement import clock
from resettlement.notifications.enqueue import enqueue_notifications
from resettlement.notifications.purge import purge_notifications
from resettlement.notifications.sending import send_notifications
from resettlement.policy import get_policy, get_reference
from resettlement.storage.db import get_engine
from resettlement.sweeps import SweepResult


@task(
    name="enqueue-notifications",
    cache_policy=NO_CACHE,
    retries=RETRIES,
    retry_delay_seconds=RETRY_DELAY_S,
)
def enqueue(as_of: date, region: str | None = None) -> SweepResult:
    return run_sweep(enqueue_notifications, as_of, region)


@task(
    name="purge-notifications",
    cache_policy=NO_CACHE,
    retries=RETRIES,
    retry_delay_seconds=RETRY_DELAY_S,
)
def purge(as_of: date, region: str | None = None) -> SweepResult:
    return run_sweep(purge_notifications, as_of, region)


@task(name="send-notifications", cache_policy=NO_CACHE)
def send(region: str | None = None) -> SweepResult:
    return send_notifications(
        get_engine(),
        now=clock.now(),
        policy=get_policy(),
        reference=get_reference(),
        region=region,
    )


@flow(name="notifications")
def notifications(as_of: date | None = None, region: str | None = None) -> list[SweepResult]:
    """One message per new cause as of `as_of` (of `region`, when given); send the outbox as it
    stands now; delete decided messages older than `notify.keep_days`."""
    day = as_of or clock.today()
    return [enqueue(day, region), send(region), purge(day, region)]
