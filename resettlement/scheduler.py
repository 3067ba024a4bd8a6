"""The embedded scheduler: APScheduler fires the daily flow at the policy's cron time.

Embedded mode only. With PREFECT_API_URL set, the Prefect server's deployment schedules are
the one scheduler of record and this one is not started: never two schedulers at once.
One run at a time (max_instances=1); runs missed while the process was down collapse into one
(coalesce) if it comes back within the grace time, since a daily run catches up by itself.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from resettlement import clock
from resettlement.orchestration import orchestrator
from resettlement.policy import Policy

JOB_ID = "daily"
MISFIRE_GRACE_S = 6 * 3600
log = logging.getLogger(__name__)


def run_daily_job() -> None:
    """The scheduled job: the daily flow as of today, each step's counts logged."""
    day = clock.today()
    outcomes = orchestrator().run_daily(day)
    for outcome in outcomes:
        if outcome.error:
            log.error("daily run %s: step %s failed: %s", day, outcome.step, outcome.error)
        for result in outcome.results:
            log.info(
                "daily run %s: %s raised %d, escalated %d, closed %d, changed %d",
                day,
                result.name,
                result.raised,
                result.escalated,
                result.closed,
                result.changed,
            )


def build_scheduler(policy: Policy) -> BackgroundScheduler:
    """A scheduler (not started) with the daily job on `schedule.daily_cron`, local time."""
    scheduler = BackgroundScheduler(timezone=policy.timezone)
    scheduler.add_job(
        run_daily_job,
        CronTrigger.from_crontab(policy.schedule.daily_cron, timezone=policy.timezone),
        id=JOB_ID,
        name="daily flows",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=MISFIRE_GRACE_S,
        replace_existing=True,
    )
    return scheduler


def start_embedded(policy: Policy) -> BackgroundScheduler:
    """Start the scheduler in a background thread (the flows loaded first: a flow that cannot
    load fails at start-up, not at 06:00)."""
    orchestrator()

    if not log.handlers:  # the serve console shows each run's counts
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False
    # A daily run starts Prefect's ephemeral API server as a child process, stopped at exit.
    # uvicorn re-raises SIGTERM after its graceful shutdown; with the default handler that
    # would kill this process on the spot and leave the child running, so exit normally.
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
    scheduler = build_scheduler(policy)
    scheduler.start()
    return scheduler


def _exit_on_sigterm(signum: int, _frame: object) -> None:
    sys.exit(128 + signum)
