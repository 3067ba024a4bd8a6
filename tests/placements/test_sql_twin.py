"""The reply chase's SQL (placements/sql.py) agrees with the pure rule `reply_overdue` on
generated requests over weekends and bank holidays; the sweep raises each chase once, and ends
the places of cases that left the path."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, col, select

from resettlement.placements.commands import offer
from resettlement.placements.rules import reply_overdue
from resettlement.placements.sql import requests_to_chase
from resettlement.placements.sweep import sweep_placements
from resettlement.policy import get_policy
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Case, Placement, Task
from resettlement.vocabulary import PlacementStatus, TaskStatus
from tests.conftest import NOW
from tests.factories import case_row
from tests.placements.helpers import HACS, START, cases, offered, service

RULES = get_policy().placements
TODAY = date(2026, 12, 29)  # after Christmas Day and Boxing Day (bank holidays)

requests = st.lists(
    st.tuples(
        st.integers(0, 16),  # days before today
        st.integers(0, 23),  # hour (UTC) it was made
        st.sampled_from(list(PlacementStatus)),
    ),
    max_size=10,
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(requests)
def test_the_chase_sql_selects_exactly_the_requests_the_pure_rule_chases(db, specs):
    db.truncate()
    service_id = service(capacity=3)
    expected = set()
    with Session(db.engine) as session:
        case = case_row()
        session.add(case)
        session.flush()
        for days, hour, status in specs:
            at = datetime.combine(TODAY - timedelta(days=days), time(hour), UTC)
            row = Placement(
                case_id=case.id,
                service_id=service_id,
                status=status.value,
                start_date=START,
                requested_at=at,
                requested_by="t",
                updated_at=at,
                updated_by="t",
            )
            session.add(row)
            session.flush()
            if reply_overdue(status=status, requested_at=at, today=TODAY, policy=RULES):
                expected.add(row.id)
        session.commit()
        found = {r[0] for r in session.execute(requests_to_chase(TODAY, RULES, None))}
    assert found == expected


def test_a_request_unanswered_for_three_working_days_is_chased_once_and_closes_on_an_answer(db):
    service_id = service()
    (case_id,) = cases(1)
    from resettlement.placements.commands import request_place

    with session_scope() as session:
        row, _ = request_place(
            session, principal=HACS, case_id=case_id, service_id=service_id, start_date=START
        )
        placement_id = row.id
    today = NOW.date() + timedelta(days=6)  # Tuesday 24th + 3 working days = Friday 27th
    for _ in range(2):
        with session_scope() as session:
            result = sweep_placements(session, today=today, policy=get_policy())
    assert result.raised == 0
    with session_scope() as session:
        task = session.exec(select(Task).where(col(Task.case_id) == case_id)).one()
        assert (task.kind, task.team, task.status) == ("placement_reply_overdue", "hacs", "open")
        offer(session, principal=HACS, placement_id=placement_id)
    with session_scope() as session:
        assert session.exec(select(Task.status)).one() == TaskStatus.closed.value


def test_the_place_of_a_withdrawn_case_is_ended_and_free_again(db):
    service_id = service(capacity=1)
    (case_id,) = cases(1)
    placement_id = offered(case_id, service_id)
    from resettlement.placements.commands import confirm

    with session_scope() as session:
        confirm(session, principal=HACS, placement_id=placement_id)
        session.get_one(Case, case_id).stage = "withdrawn"
    with session_scope() as session:
        result = sweep_placements(session, today=NOW.date(), policy=get_policy())
    assert result.changed == 1
    with session_scope() as session:
        row = session.get_one(Placement, placement_id)
        assert (row.status, row.end_date) == ("ended", NOW.date())
