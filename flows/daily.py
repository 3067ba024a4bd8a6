"""The daily run: every daily step once, as of one day, each step in its own transaction.

Steps are independent, so one failing does not stop the others; the run then ends failed,
naming the step. Every step is idempotent: running the day again raises nothing new, and a
run killed half-way and run again ends as one clean run would (DESIGN.md §4).

In scale-out mode (a Prefect server with the region-sweep deployment, `resettle deploy`) the
daily run fans out instead: one region_sweep flow run per region on the workers
(flows/region_sweep.py), each running every step over its region's cases.
"""

from __future__ import annotations

from datetime import date

from prefect import flow

from flows import region_sweep
from flows.environment import flow_settings
from flows.steps import DAILY_STEPS, DailyRunFailed, run_step
from resettlement import clock
from resettlement.sweeps import StepOutcome


@flow(name="daily")
def daily(as_of: date | None = None) -> list[StepOutcome]:
    """Run every step of DAILY_STEPS as of `as_of` (default: today): in-process, or one
    region_sweep run per region on the workers when deployed on a Prefect server."""
    day = as_of or clock.today()
    if region_sweep.deployed():
        outcomes = region_sweep.fan_out(day)
    else:
        outcomes = [run_step(step, day) for step in DAILY_STEPS]
    if any(o.error for o in outcomes):
        raise DailyRunFailed(outcomes)
    return outcomes


def run_daily(as_of: date | None = None) -> list[StepOutcome]:
    """Run the daily flow once (no heartbeat); every step's outcome, failed ones included."""
    with flow_settings():
        try:
            return daily(as_of=as_of)
        except DailyRunFailed as failed:
            return failed.outcomes
