"""Handover delivery: the outbox of handovers goes to each CJIT area's case system, once.

Run by the daily flow, and right after a release event that opened a handover to send
(`DeliveryOnRelease`, started by the long-running process). The task has no Prefect retries:
the delivery service is the one layer that retries, per handover, with backoff.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.environment import flow_settings
from resettlement import clock
from resettlement.handover.delivery import deliver_pending, when_handovers_to_send
from resettlement.policy import get_policy
from resettlement.storage.db import get_engine
from resettlement.sweeps import SweepResult

log = logging.getLogger(__name__)


@task(name="deliver-pending-handovers", cache_policy=NO_CACHE)
def deliver(region: str | None = None) -> SweepResult:
    return deliver_pending(get_engine(), now=clock.now(), policy=get_policy(), region=region)


@flow(name="handover-delivery")
def handover_delivery(as_of: date | None = None, region: str | None = None) -> list[SweepResult]:
    """Deliver every pending or failed handover (of `region`'s cases, when given); `as_of` is
    accepted like every daily step, but an outbox is always sent as it stands now."""
    return [deliver(region)]


def run_delivery() -> list[SweepResult]:
    """One delivery flow run outside the daily run (no heartbeat)."""
    with flow_settings():
        return handover_delivery()


class DeliveryOnRelease:
    """Runs the delivery flow in the background soon after each release with something to send.

    A burst of releases (an import) coalesces into one run at a time; the run that follows
    picks up whatever arrived meanwhile. Nothing is lost if the process stops: the outbox is in
    the database and the daily run delivers what is left.
    """

    def __init__(self, run: Callable[[], object] = run_delivery) -> None:
        self._run = run
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._undo: Callable[[], None] | None = None

    def start(self) -> DeliveryOnRelease:
        self._thread = threading.Thread(target=self._loop, name="handover-delivery", daemon=True)
        self._thread.start()
        self._undo = when_handovers_to_send(self._wake.set)
        return self

    def stop(self, timeout: float | None = None) -> None:
        if self._undo is not None:
            self._undo()
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while True:
            self._wake.wait()
            if self._stopping.is_set():
                return
            self._wake.clear()
            try:
                self._run()
            except Exception:  # the next release or the daily run tries again
                log.exception("handover delivery after a release failed")
