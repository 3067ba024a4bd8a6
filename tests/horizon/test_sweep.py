"""The housing horizon sweep in SQL: one task per case, rising levels, the ROM, re-plans, closes.

Real database (SQLite and PostgreSQL), no Prefect. The pure rule is the oracle for generated
caseloads in test_housing_sweep_oracle.py.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import literal, select, update

from resettlement import clock
from resettlement.horizon.sweep import sweep_housing_horizon
from resettlement.policy import get_policy
from resettlement.storage import day_start as day_start_sql
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Case, Task
from resettlement.sweeps import SweepResult
from resettlement.tasks.keys import dedupe_key
from resettlement.tasks.store import new_task
from resettlement.vocabulary import Stage, TaskKind
from tests.factories import FAR_PRISON, case_row

TODAY = date(2026, 11, 24)
UNRESOLVED = TaskKind.housing_unresolved.value
ROM = TaskKind.housing_unresolved_escalation.value


def add_case(**values: Any) -> str:
    with session_scope() as session:
        case = case_row(**values)
        session.add(case)
    return str(case.id)


def change_case(case_id: str, **values: Any) -> None:
    with session_scope() as session:
        session.execute(update(Case).where(Case.id == case_id).values(**values))  # type: ignore[arg-type]


def sweep(day: date = TODAY) -> SweepResult:
    with clock.frozen_at(clock.start_of_day(day)), session_scope() as session:
        return sweep_housing_horizon(session, today=day, policy=get_policy())


def tasks(case_id: str | None = None) -> list[Task]:
    with session_scope(write=False) as session:
        query = select(Task).order_by(Task.kind, Task.dedupe_key)  # type: ignore[arg-type]
        if case_id is not None:
            query = query.where(Task.case_id == case_id)  # type: ignore[arg-type]
        return list(session.execute(query).scalars())


def only(case_id: str, kind: str = UNRESOLVED) -> Task:
    (task,) = [t for t in tasks(case_id) if t.kind == kind]
    return task


def releasing_in(days: int, **values: Any) -> str:
    return add_case(release_date=TODAY + timedelta(days=days), **values)


def test_a_case_84_days_from_release_with_housing_unresolved_gets_one_hacs_task(db):
    case_id = releasing_in(84)
    releasing_in(85)
    assert sweep() == SweepResult("housing_horizon", raised=1)
    task = only(case_id)
    assert (task.team, task.status, task.escalation_level) == ("hacs", "open", 1)
    assert task.due_at == clock.start_of_day(TODAY + timedelta(days=84 - 56))
    assert task.dedupe_key == dedupe_key(TaskKind.housing_unresolved, case_id, 1)
    assert len(tasks()) == 1


def test_the_same_task_rises_a_level_at_each_threshold_and_the_rom_is_told_at_14_days(db):
    case_id = releasing_in(84)
    seen = {}
    for days_left in range(84, -3, -1):
        sweep(TODAY + timedelta(days=84 - days_left))
        seen[days_left] = {t.kind: (t.id, t.escalation_level) for t in tasks(case_id)}
    ids = {kinds[UNRESOLVED][0] for kinds in seen.values()}
    assert len(ids) == 1
    levels = {d: seen[d][UNRESOLVED][1] for d in (84, 57, 56, 29, 28, 15, 14, 8, 7, 3, 2, 0, -2)}
    assert levels == {
        84: 1,
        57: 1,
        56: 2,
        29: 2,
        28: 3,
        15: 3,
        14: 4,
        8: 4,
        7: 5,
        3: 5,
        2: 6,
        0: 6,
        -2: 6,
    }
    assert ROM not in seen[15] and ROM in seen[14]
    assert len({kinds[ROM][0] for d, kinds in seen.items() if d <= 14}) == 1
    rom = only(case_id, ROM)
    assert (rom.team, rom.due_at) == ("rom", clock.start_of_day(TODAY + timedelta(days=84)))


def test_an_escalation_is_counted_and_the_deadline_moves_to_the_next_point(db):
    case_id = releasing_in(57)
    sweep()
    result = sweep(TODAY + timedelta(days=1))
    assert (result.escalated, result.raised, result.changed) == (1, 0, 0)
    task = only(case_id)
    assert task.escalation_level == 2
    assert task.due_at == clock.start_of_day(TODAY + timedelta(days=57 - 28))


def test_resolving_the_housing_closes_both_tasks(db):
    case_id = releasing_in(10)
    sweep()
    change_case(case_id, housing_ready_from=TODAY + timedelta(days=10))
    assert sweep(TODAY + timedelta(days=1)).closed == 2
    assert {t.status for t in tasks(case_id)} == {"closed"}
    assert all(t.closed_at == clock.start_of_day(TODAY + timedelta(days=1)) for t in tasks())


def test_an_arrangement_starting_after_release_night_does_not_resolve_the_housing(db):
    case_id = releasing_in(10, housing_ready_from=TODAY + timedelta(days=11))
    sweep()
    assert {t.status for t in tasks(case_id)} == {"open"}


def test_when_the_arrangement_falls_through_the_same_row_is_reopened(db):
    case_id = releasing_in(30)
    sweep()
    first = only(case_id)
    change_case(case_id, housing_ready_from=TODAY)
    sweep(TODAY + timedelta(days=1))
    change_case(case_id, housing_ready_from=None)
    result = sweep(TODAY + timedelta(days=2))
    assert result.raised == 1
    again = only(case_id)
    assert (again.id, again.status, again.escalation_level) == (first.id, "open", 3)
    assert again.closed_at is None


def test_a_release_date_moved_earlier_raises_the_level_and_brings_the_deadline_forward(db):
    case_id = releasing_in(60)
    sweep()
    change_case(case_id, release_date=TODAY + timedelta(days=20))
    result = sweep()
    assert result.escalated == 1
    task = only(case_id)
    assert (task.escalation_level, task.anchor_date) == (3, TODAY + timedelta(days=20))
    assert task.due_at == clock.start_of_day(TODAY + timedelta(days=20 - 14))


def test_a_release_date_moved_later_lowers_the_level_and_beyond_84_days_closes_the_tasks(db):
    case_id = releasing_in(10)
    sweep()
    change_case(case_id, release_date=TODAY + timedelta(days=40))
    result = sweep()
    assert (result.changed, result.closed) == (1, 1)  # hacs re-planned down, ROM closed
    assert only(case_id).escalation_level == 2
    assert only(case_id, ROM).status == "closed"
    change_case(case_id, release_date=TODAY + timedelta(days=100))
    assert sweep().closed == 1
    assert only(case_id).status == "closed"


def test_a_case_that_leaves_custody_has_its_tasks_closed(db):
    case_id = releasing_in(5)
    sweep()
    change_case(case_id, stage=Stage.released.value)
    assert sweep(TODAY + timedelta(days=1)).closed == 2


def test_a_recalled_case_gets_a_new_task_for_its_new_episode_and_the_old_one_closes(db):
    case_id = releasing_in(20)
    sweep()
    old = only(case_id)
    change_case(case_id, episode=2, stage=Stage.recalled.value)
    result = sweep()
    assert (result.raised, result.closed) == (1, 1)
    rows = {t.dedupe_key: t.status for t in tasks(case_id)}
    assert rows == {
        old.dedupe_key: "closed",
        dedupe_key(TaskKind.housing_unresolved, case_id, 2): "open",
    }


def test_sweeping_the_same_day_twice_raises_nothing_and_writes_no_row(db):
    for days in (1, 10, 30, 70, 84):
        releasing_in(days)
    releasing_in(5, housing_ready_from=TODAY)
    first = sweep()
    assert first.raised == 7
    before = {t.id: t.updated_at for t in tasks()}
    later = clock.start_of_day(TODAY) + timedelta(hours=6)
    with clock.frozen_at(later), session_scope() as session:
        again = sweep_housing_horizon(session, today=TODAY, policy=get_policy())
    assert again.rows_written == 0
    assert {t.id: t.updated_at for t in tasks()} == before


def test_other_kinds_of_task_are_left_alone(db):
    case_id = releasing_in(200, stage=Stage.released.value)
    with session_scope() as session:
        session.add(
            new_task(
                case_id=case_id,
                kind=TaskKind.tenancy_check_due,
                title="Tenancy check",
                due_at=clock.now(),
                key=dedupe_key(TaskKind.tenancy_check_due, case_id, 1, 7),
            )
        )
    assert sweep().rows_written == 0
    assert only(case_id, TaskKind.tenancy_check_due.value).status == "open"


def test_two_sweeps_started_at_once_leave_no_duplicate_tasks(db):
    for days in range(0, 90, 3):
        releasing_in(days)
    barrier = threading.Barrier(2)
    results: list[SweepResult] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            with session_scope() as session:
                results.append(sweep_housing_horizon(session, today=TODAY, policy=get_policy()))
        except BaseException as exc:  # reported below, with the thread's own error
            errors.append(exc)

    with clock.frozen_at(clock.start_of_day(TODAY)):
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    keys = [t.dedupe_key for t in tasks()]
    assert len(keys) == len(set(keys)) == 29 + 5  # hacs within 84 days; ROM within 14
    assert sum(r.raised for r in results) == 34


def test_a_sweep_interrupted_before_commit_leaves_nothing_and_a_rerun_is_a_clean_run(db):
    for days in (3, 20, 50):
        releasing_in(days)
    with pytest.raises(RuntimeError), session_scope() as session:
        sweep_housing_horizon(session, today=TODAY, policy=get_policy())
        raise RuntimeError("killed before commit")
    assert tasks() == []
    assert sweep() == SweepResult("housing_horizon", raised=4)


@pytest.mark.parametrize(
    "day", [date(2026, 3, 28), date(2026, 3, 29), date(2026, 10, 24), date(2026, 10, 25)]
)
def test_the_sql_day_start_is_the_clocks_06_00_london_across_the_clock_changes(db, day):
    with session_scope(write=False) as session:
        day_start_sql.enable(session)
        for before in (0, 1, 2):
            query = select(day_start_sql.day_start(literal(day), literal(before)))
            got = session.execute(query).scalar_one()
            assert got == clock.start_of_day(day - timedelta(days=before))


def test_a_region_sweep_covers_only_the_cases_of_its_region(db):
    durham = releasing_in(10)  # HMP Durham: North East
    pentonville = releasing_in(10, prison=FAR_PRISON)  # London
    resolved = releasing_in(12, prison=FAR_PRISON)
    with session_scope() as session:
        session.add(
            new_task(
                case_id=resolved,
                kind=TaskKind.housing_unresolved,
                title="left open",
                due_at=clock.now(),
                key=dedupe_key(TaskKind.housing_unresolved, resolved, 1),
            )
        )
    change_case(resolved, housing_ready_from=TODAY)
    with clock.frozen_at(clock.start_of_day(TODAY)), session_scope() as session:
        north_east = sweep_housing_horizon(session, today=TODAY, policy=get_policy(), region="NE")
    assert north_east == SweepResult("housing_horizon", raised=2)
    assert {t.case_id for t in tasks() if t.status == "open"} == {durham, resolved}
    with clock.frozen_at(clock.start_of_day(TODAY)), session_scope() as session:
        london = sweep_housing_horizon(session, today=TODAY, policy=get_policy(), region="LN")
    assert london == SweepResult("housing_horizon", raised=2, closed=1)
    assert {t.case_id for t in tasks() if t.status == "open"} == {durham, pentonville}
    assert sweep() == SweepResult("housing_horizon")  # together they made one full sweep
