"""PostgreSQL keeps each open task's deadline in `open_task_due` (storage/open_task_due.py):
equal to the open tasks after every kind of write, by its triggers."""

from datetime import date, timedelta

import pytest
from sqlalchemy import delete, select, update
from sqlmodel import col

from resettlement import clock
from resettlement.horizon.sweep import sweep_housing_horizon
from resettlement.policy import get_policy
from resettlement.storage.db import session_scope
from resettlement.storage.tables import OpenTaskDue, Task
from tests.factories import case_row

TODAY = date(2026, 11, 24)


def _sweep(day: date) -> None:
    with clock.frozen_at(clock.start_of_day(day)), session_scope() as session:
        sweep_housing_horizon(session, today=day, policy=get_policy())


def _held_and_open() -> tuple[set[tuple[int, object]], set[tuple[int, object]]]:
    with session_scope(write=False) as session:
        held = session.execute(select(OpenTaskDue.task_id, OpenTaskDue.due_at))
        open_ = session.execute(select(Task.id, Task.due_at).where(Task.status == "open"))
        return {(i, due) for i, due in held}, {(i, due) for i, due in open_}


def test_the_open_tasks_deadlines_follow_every_insert_escalation_close_reopen_and_delete(db):
    if db.backend != "postgresql":
        pytest.skip("PostgreSQL only: SQLite reads the task table's own (due, id) index")
    with session_scope() as session:
        session.add_all(case_row(release_date=TODAY + timedelta(days=57)) for _ in range(6))
    _sweep(TODAY)  # INSERT ... SELECT: raised at level 1
    held, open_ = _held_and_open()
    assert held == open_ and len(open_) == 6
    _sweep(TODAY + timedelta(days=1))  # escalated: a new deadline each
    held, escalated = _held_and_open()
    assert held == escalated and escalated != open_
    ids = sorted(task_id for task_id, _ in escalated)
    with session_scope() as session:  # closed by hand (an UPDATE), one deleted
        session.execute(update(Task).where(col(Task.id).in_(ids[:3])).values(status="closed"))
        session.execute(delete(Task).where(col(Task.id) == ids[3]))
    held, open_ = _held_and_open()
    assert held == open_ and len(open_) == 2
    _sweep(TODAY + timedelta(days=1))  # ON CONFLICT DO UPDATE: the closed ones opened again
    held, open_ = _held_and_open()
    assert held == open_ and len(open_) == 6
