"""The steps of the daily run, in order, and how one step is run and its outcome taken.

Both the daily flow (in-process) and each region sweep (scale-out) run these steps.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from prefect import Flow
from prefect.states import State

from flows.handover_acceptance import handover_acceptance
from flows.handover_delivery import handover_delivery
from flows.hmpps_inbox import hmpps_inbox
from flows.housing_horizon import housing_horizon
from flows.needs_chase import needs_chase
from flows.notifications import notifications
from flows.placements import placements
from flows.plan_deadlines import plan_deadlines
from flows.referral_chase import referral_chase
from flows.release_date_refresh import release_date_refresh
from flows.retention import retention
from flows.tenancy_checks import tenancy_checks
from resettlement.sweeps import StepOutcome

# The steps of the daily run, in order. A new daily flow is added here, and only here.
DAILY_STEPS: list[Flow[..., Any]] = [
    hmpps_inbox,  # first: the day's sweeps see the movements HMPPS reported
    release_date_refresh,  # then the dates the search API recalculated
    housing_horizon,
    plan_deadlines,
    needs_chase,
    referral_chase,
    placements,
    handover_acceptance,
    tenancy_checks,
    retention,
    handover_delivery,  # after the sweeps: a CJIT system that is down must not hold them up
    notifications,  # last: the messages the day's sweeps and deliveries gave cause for
]


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
