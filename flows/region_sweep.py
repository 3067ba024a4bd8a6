"""Scale-out: the daily run fans out as one region sweep flow run per region, on the workers.

`region_sweep(region, as_of)` runs every step of DAILY_STEPS over the cases of one region
(cases/partition.py: disjoint across regions, together the whole caseload), holding the
region's sweep lock so that the same region never sweeps twice at once. `fan_out(day)` is what
the `daily` flow does when a Prefect server is configured and the region-sweep deployment is
registered (`resettle deploy`): submit one run per region, then wait for all of them. Without
them, `daily` runs the steps in-process over the whole caseload (one process, no fan-out cost).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import date
from typing import cast
from uuid import UUID

from prefect import flow
from prefect.client.orchestration import get_client
from prefect.client.schemas.objects import FlowRun
from prefect.context import FlowRunContext
from prefect.deployments import run_deployment
from prefect.exceptions import ObjectNotFound

from flows.environment import flow_settings
from flows.steps import DAILY_STEPS, DailyRunFailed, run_step
from resettlement.cases.partition import region_lock
from resettlement.orchestration import scale_out
from resettlement.policy import get_reference
from resettlement.storage.db import get_engine
from resettlement.sweeps import StepOutcome

FLOW_NAME = "region-sweep"
DEPLOYMENT = f"{FLOW_NAME}/{FLOW_NAME}"  # "flow name/deployment name", as run_deployment wants
# How often the daily run asks the server whether its region runs have finished, and how long
# it waits for all of them (a region sweep takes seconds to minutes; hours means stuck).
POLL_S = 2.0
WAIT_S = 6 * 3600.0


@flow(name=FLOW_NAME)
def region_sweep(region: str, as_of: date) -> list[StepOutcome]:
    """Every daily step as of `as_of` over the cases of `region`, one region sweep at a time."""
    if region not in get_reference().regions:
        raise ValueError(f"unknown region code {region!r}")
    with region_lock(get_engine(), region), flow_settings():
        outcomes = [run_step(step, as_of, region) for step in DAILY_STEPS]
    if any(o.error for o in outcomes):
        raise DailyRunFailed(outcomes)
    return outcomes


def deployed() -> bool:
    """Scale-out mode with the region-sweep deployment registered on the server."""
    if not scale_out():
        return False
    with get_client(sync_client=True) as client:
        try:
            client.read_deployment_by_name(DEPLOYMENT)
        except ObjectNotFound:
            return False
    return True


def fan_out(day: date) -> list[StepOutcome]:
    """Submit one region_sweep run per region as of `day`; wait; one outcome per region."""
    context = FlowRunContext.get()
    parent = context.flow_run.id if context and context.flow_run else None
    runs: dict[str, UUID] = {}
    for region in sorted(get_reference().regions):
        run = cast(
            "FlowRun",
            run_deployment(
                DEPLOYMENT,
                parameters={"region": region, "as_of": day.isoformat()},
                flow_run_name=f"{FLOW_NAME}-{region}-{day.isoformat()}",
                # A retried daily run finds its region runs instead of submitting them again.
                idempotency_key=f"daily:{parent}:{region}" if parent else None,
                timeout=0,
            ),
        )
        runs[region] = run.id
    return wait_for(runs)


def wait_for(runs: Mapping[str, UUID]) -> list[StepOutcome]:
    """Poll the server until every run is final (or WAIT_S passes); an outcome per region."""
    errors: dict[str, str | None] = {}
    deadline = time.monotonic() + WAIT_S
    with get_client(sync_client=True) as client:
        while len(errors) < len(runs):
            for region, run_id in runs.items():
                if region in errors:
                    continue
                state = client.read_flow_run(run_id).state
                if state is not None and state.is_final():
                    failed = None if state.is_completed() else f"{state.name}: {state.message}"
                    errors[region] = failed
            if len(errors) < len(runs):
                if time.monotonic() >= deadline:
                    for region in runs.keys() - errors.keys():
                        errors[region] = f"not finished after {WAIT_S:.0f}s"
                    break
                time.sleep(POLL_S)
    return [StepOutcome(f"{FLOW_NAME} {region}", error=errors[region]) for region in sorted(runs)]
