"""The pipes, right after the events that give them work: the HMPPS inbox, handover delivery
and GOV.UK Notify messages, as one flow run, in the background of the long-running process.

`PipesRunner` (started by `resettle serve`, resettlement/orchestration.py's `start_pipes`) waits
to be woken by a commit that gave the pipes work (pipes/wake.py: a release, an HMPPS event, a
referral, an accepted handover, an admin's retry) or until the earliest retry falls due, then
runs the `pipes` flow. A burst of events coalesces into one run at a time; runs are never closer
than `pipes.recheck_min_s` (an outage stays calm) and come at least every `pipes.recheck_max_s`.
Nothing is lost if the process stops: every pipe is in the database and the daily run (or the
next process) does what is left.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from prefect import flow

from flows import handover_delivery, hmpps_inbox, notifications
from flows.environment import flow_settings
from resettlement import clock
from resettlement.pipes.reads import next_due
from resettlement.pipes.wake import when_pipes_have_work
from resettlement.policy import PipesPolicy, get_policy
from resettlement.storage.db import session_scope
from resettlement.sweeps import SweepResult

log = logging.getLogger(__name__)


@flow(name="pipes")
def pipes() -> list[SweepResult]:
    """The inbox, then handover delivery, then messages: each pipe as it stands now."""
    return [
        hmpps_inbox.process(),
        handover_delivery.deliver(),
        notifications.enqueue(clock.today()),
        notifications.send(),
    ]


def run_pipes() -> list[SweepResult]:
    """One pipes flow run outside the daily run (no heartbeat)."""
    with flow_settings():
        return pipes()


def seconds_to_next_due(rules: PipesPolicy) -> float:
    """How long until a waiting row falls due, within [recheck_min_s, recheck_max_s]."""
    now = clock.now()
    with session_scope(write=False) as session:
        due = next_due(session, now)
    wait = rules.recheck_max_s if due is None else (due - now).total_seconds()
    return min(max(wait, rules.recheck_min_s), rules.recheck_max_s)


class PipesRunner:
    """Runs the pipes flow in the background when woken, and when retries fall due."""

    def __init__(
        self,
        run: Callable[[], object] = run_pipes,
        rules: PipesPolicy | None = None,
        pause: Callable[[PipesPolicy], float] = seconds_to_next_due,
    ) -> None:
        self._run = run
        self._rules = rules or get_policy().pipes
        self._pause = pause
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._undo: Callable[[], None] | None = None

    def start(self) -> PipesRunner:
        self._thread = threading.Thread(target=self._loop, name="pipes", daemon=True)
        self._thread.start()
        self._undo = when_pipes_have_work(self._wake.set)
        return self

    def stop(self, timeout: float | None = None) -> None:
        if self._undo is not None:
            self._undo()
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        wait, last = self._rules.recheck_max_s, float("-inf")
        while True:
            self._wake.wait(timeout=wait)
            # Never two runs closer than the minimum, however often it is woken.
            calm = last + self._rules.recheck_min_s - time.monotonic()
            if calm > 0:
                self._stopping.wait(calm)
            if self._stopping.is_set():
                return
            self._wake.clear()
            last = time.monotonic()
            wait = self._once()

    def _once(self) -> float:
        try:
            self._run()
            return self._pause(self._rules)
        except Exception:  # the next wake, the next recheck or the daily run tries again
            log.exception("pipes run failed")
            return self._rules.recheck_max_s
