"""The embedded scheduler: the daily job at the policy's cron time, London time, one at a time."""

from __future__ import annotations

from datetime import UTC, datetime

from resettlement import orchestration
from resettlement.orchestration import orchestrator
from resettlement.policy import get_policy
from resettlement.scheduler import JOB_ID, build_scheduler


def test_the_daily_job_fires_at_06_00_london_in_winter_and_in_summer():
    trigger = build_scheduler(get_policy()).get_job(JOB_ID).trigger
    winter = trigger.get_next_fire_time(None, datetime(2026, 11, 24, 12, tzinfo=UTC))
    summer = trigger.get_next_fire_time(None, datetime(2026, 7, 1, 12, tzinfo=UTC))
    assert winter.astimezone(UTC) == datetime(2026, 11, 25, 6, tzinfo=UTC)
    assert summer.astimezone(UTC) == datetime(2026, 7, 2, 5, tzinfo=UTC)


def test_only_one_daily_run_at_a_time_and_missed_runs_collapse_into_one():
    job = build_scheduler(get_policy()).get_job(JOB_ID)
    assert (job.max_instances, job.coalesce) == (1, True)


def test_a_prefect_server_url_means_scale_out_mode_and_no_embedded_scheduler(monkeypatch):
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    assert not orchestration.scale_out() and orchestrator().describe().startswith("embedded")
    monkeypatch.setenv("PREFECT_API_URL", "http://prefect.internal:4200/api")
    assert orchestration.scale_out() and orchestrator().describe().startswith("scale-out")


def test_the_flows_are_found_through_the_orchestrator_entry_point():
    assert type(orchestrator()).__module__ == "flows.runtime"
