"""The daily flow: every step once per day, idempotent, resumable, and reported per step."""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from flows import daily as daily_module
from flows.daily import daily, run_daily
from flows.housing_horizon import housing_horizon
from flows.steps import DAILY_STEPS
from resettlement import clock
from resettlement.cli.main import app
from resettlement.scheduler import run_daily_job
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Case, Task
from resettlement.sweeps import StepOutcome, SweepResult
from tests.factories import apply_events, reception

pytestmark = [pytest.mark.flows, pytest.mark.usefixtures("prefect")]
TODAY = date(2026, 11, 24)
RECEIVED = clock.start_of_day(date(2026, 9, 1))


def caseload() -> None:
    """The same 15 people every time, releasing 10, 17, ... 108 days after TODAY.

    As of TODAY: 11 within the 84-day horizon, one of them within the ROM's 14 days.
    """
    waited = (TODAY - RECEIVED.date()).days
    events = [
        reception(at=RECEIVED, prison_number_=f"B{n:04d}CD", release_in_days=waited + 10 + 7 * n)
        for n in range(15)
    ]
    apply_events(*events)


def task_table() -> set[tuple[Any, ...]]:
    """Every task, named by prison number rather than case id (ids differ between datasets)."""
    with session_scope(write=False) as session:
        numbers = dict(session.execute(select(Case.id, Case.prison_number)).all())  # type: ignore[call-overload]
        rows = session.execute(select(Task)).scalars()
        return {
            (
                t.dedupe_key.replace(t.case_id, numbers[t.case_id]),
                t.team,
                t.status,
                t.escalation_level,
                t.due_at,
                t.anchor_date,
            )
            for t in rows
        }


def totals(outcomes: list[StepOutcome]) -> SweepResult:
    total = SweepResult("total")
    for outcome in outcomes:
        assert outcome.error is None, outcome
        for result in outcome.results:
            total += result
    return total


def run_as_of(day: date) -> list[StepOutcome]:
    with clock.frozen_at(clock.start_of_day(day)):
        return run_daily(day)


def test_the_housing_horizon_flow_returns_what_its_sweep_did(db):
    caseload()
    with clock.frozen_at(clock.start_of_day(TODAY)):
        (result,) = housing_horizon(as_of=TODAY)
    assert result == SweepResult("housing_horizon", raised=11 + 1)


def test_every_step_runs_once_and_reports_its_sweeps(db):
    caseload()
    outcomes = run_as_of(TODAY)
    assert [o.step for o in outcomes] == [step.name for step in DAILY_STEPS]
    assert totals(outcomes).raised >= 1


def test_running_the_daily_flow_twice_for_one_date_raises_nothing_new_and_writes_no_task(db):
    caseload()
    run_as_of(TODAY)
    with session_scope(write=False) as session:
        before = {t.id: t.updated_at for t in session.execute(select(Task)).scalars()}
    again = totals(run_as_of(TODAY))
    assert again.raised == 0 and again.rows_written == 0
    with session_scope(write=False) as session:
        assert {t.id: t.updated_at for t in session.execute(select(Task)).scalars()} == before


def test_a_run_killed_after_some_steps_and_run_again_ends_as_one_clean_run(db):
    days = [TODAY, TODAY + timedelta(days=8)]  # a week on, levels have risen
    caseload()
    for day in days:
        run_as_of(day)
    clean = task_table()

    db.truncate()
    caseload()
    for day in days:
        with clock.frozen_at(clock.start_of_day(day)):
            for step in DAILY_STEPS[: len(DAILY_STEPS) // 2]:  # the run dies half-way
                step(as_of=day)
        run_as_of(day)  # and is run again
    assert task_table() == clean
    assert any(row[3] > 1 for row in clean)  # levels did rise over those days


def test_a_failing_step_does_not_stop_the_others_and_the_run_names_it(db, monkeypatch):
    from prefect import flow

    @flow(name="broken-step")
    def broken(as_of: date | None = None, region: str | None = None) -> list[SweepResult]:
        raise RuntimeError("the step's service is down")

    caseload()
    monkeypatch.setattr(daily_module, "DAILY_STEPS", [broken, housing_horizon])
    outcomes = run_as_of(TODAY)
    assert outcomes[0].step == "broken-step" and "service is down" in str(outcomes[0].error)
    assert outcomes[1].results == [SweepResult("housing_horizon", raised=12)]
    state = daily(as_of=TODAY, return_state=True)
    assert state.is_failed()


def test_run_daily_prints_each_sweep_and_the_totals(db):
    caseload()
    result = CliRunner().invoke(app, ["run-daily", "--as-of", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert "Daily run as of 2026-11-24" in result.output
    assert "housing_horizon" in result.output and "total" in result.output


def test_the_scheduled_job_runs_the_daily_flow_for_today_and_logs_each_sweep(db, caplog):
    caseload()
    with caplog.at_level(logging.INFO, logger="resettlement.scheduler"):
        run_daily_job()
    assert "housing_horizon raised 12" in caplog.text
