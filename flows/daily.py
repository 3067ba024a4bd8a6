"""The daily run: every daily step once, as of one day, each step in its own transaction.

Steps are independent, so one failing does not stop the others; the run then ends failed,
naming the step. Every step is idempotent: running the day again raises nothing new, and a
run killed half-way and run again ends as one clean run would (DESIGN.md §4).

In scale-out mode (a Prefect server with the region-sweep deployment, `resettle deploy`) the
daily run fans out instead: one region_sweep flow run per region on the workers
(flows/region_sweep.py), each running every step over its region's cases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from prefect import Flow, flow
from prefect.states import State

from flows.handover_acceptance import handover_acceptance
from flows.handover_delivery import handover_delivery
from flows.housing_horizon import housing_horizon
from flows.plan_deadlines import plan_deadlines
from flows.referral_chase import referral_chase
from flows.tenancy_checks import tenancy_checks
from resettlement import clock
from resettlement.orchestration import flow_settings
from resettlement.sweeps import SweepResult

# The steps of the daily run, in order. A new daily flow is added here, and only here.
DAILY_STEPS: list[Flow[..., Any]] = [
    housing_horizon,
    plan_deadlines,
    referral_chase,
    handover_acceptance,
    tenancy_checks,
    handover_delivery,  # last: a CJIT system that is down must not hold up the sweeps
]


@dataclass(frozen=True)
class StepOutcome:
    step: str
    results: list[SweepResult] = field(default_factory=list)
    error: str | None = None


class DailyRunFailed(Exception):
    """At least one step failed; the outcomes of every step, failed ones included."""

    def __init__(self, outcomes: list[StepOutcome]) -> None:
        failed = ", ".join(o.step for o in outcomes if o.error)
        super().__init__(f"daily run failed in: {failed}")
        self.outcomes = outcomes


def run_step(step: Flow[..., Any], day: date, region: str | None = None) -> StepOutcome:
    """Run one step flow as of `day` (over `region` only, when given); its outcome."""
    state = cast("State[Any]", step(as_of=day, region=region, return_state=True))
    if not state.is_completed():
        error = state.result(raise_on_failure=False)
        return StepOutcome(step.name, error=f"{type(error).__name__}: {error}")
    result = state.result()
    return StepOutcome(step.name, list(result) if isinstance(result, list) else [result])


@flow(name="daily")
def daily(as_of: date | None = None) -> list[StepOutcome]:
    """Run every step of DAILY_STEPS as of `as_of` (default: today): in-process, or one
    region_sweep run per region on the workers when deployed on a Prefect server."""
    from flows import region_sweep  # it builds on this module

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
