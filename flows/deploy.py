"""The deployments of the flows on a Prefect server's process work pool (scale-out mode).

`daily` runs on the policy's cron (`schedule.daily_cron`, in the policy's timezone) and fans
out one `region-sweep` run per region (no schedule of its own). The code is referenced from
this working tree: a process worker runs the flows from the same path on its machine, so every
worker machine has this project installed at the same path. Safe to repeat: deployments are
updated in place and the work pool is created only when missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from flows.region_sweep import FLOW_NAME as REGION_SWEEP
from resettlement.policy import get_policy

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def ensure_process_pool(name: str) -> bool:
    """Create the process work pool `name` if missing; True when it was created."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectNotFound
    from prefect.workers.process import ProcessWorker

    with get_client(sync_client=True) as client:
        try:
            client.read_work_pool(name)
            return False
        except ObjectNotFound:
            template = ProcessWorker.get_default_base_job_template()
            client.create_work_pool(
                WorkPoolCreate(name=name, type="process", base_job_template=template)
            )
            return True


def register(pool: str, work_queue: str | None = None, root: Path = PROJECT_ROOT) -> list[str]:
    """Register the `daily` and `region-sweep` deployments on `pool`; their full names."""
    from prefect import Flow
    from prefect.deployments.runner import RunnerDeployment
    from prefect.schedules import Cron

    policy = get_policy()
    daily = cast("Flow[..., Any]", Flow.from_source(str(root), "flows/daily.py:daily"))
    region = cast(
        "Flow[..., Any]", Flow.from_source(str(root), "flows/region_sweep.py:region_sweep")
    )
    deployments = [
        cast(
            RunnerDeployment,
            daily.to_deployment(
                "daily",
                schedules=[Cron(policy.schedule.daily_cron, timezone=policy.timezone)],
                work_queue_name=work_queue,
                description="Every daily step as of today: one region-sweep run per region.",
            ),
        ),
        cast(
            RunnerDeployment,
            region.to_deployment(
                REGION_SWEEP,
                work_queue_name=work_queue,
                description="Every daily step over one region's cases; run by the daily flow.",
            ),
        ),
    ]
    # RunnerDeployment.apply, not prefect.deploy: in 3.8.8 the latter's check for online workers
    # sends limit=None, which the server refuses (422), and it has nothing to build here.
    for deployment in deployments:
        deployment.apply(work_pool_name=pool)
    return ["daily/daily", f"{REGION_SWEEP}/{REGION_SWEEP}"]
