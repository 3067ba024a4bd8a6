"""The SLA sweep's SQL (handover/sql.py) agrees with the pure rule `sla_breached` on generated
releases (accepted or not, recalled since, at any community or closed stage, on any day)."""

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from resettlement import clock
from resettlement.handover.rules import sla_breached
from resettlement.handover.sweep import sweep_overdue_acceptances
from resettlement.policy import get_policy
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Handover, Task
from resettlement.vocabulary import Stage
from resettlement.working_days import acceptance_deadline
from tests.factories import case_row


@st.composite
def releases(draw: st.DrawFn) -> list[dict]:
    one = st.fixed_dictionaries(
        {
            "released_hours_ago": st.integers(min_value=0, max_value=24 * 12),
            "accepted": st.booleans(),
            "stage": st.sampled_from(["released", "handed_over", "tenancy_monitoring", "closed"]),
            "recalled": st.booleans(),
        }
    )
    return draw(st.lists(one, max_size=6))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(releases(), st.dates(min_value=date(2026, 11, 24), max_value=date(2026, 12, 31)))
def test_the_sql_sla_sweep_raises_exactly_what_the_pure_deadline_rule_says(db, specs, day):
    db.truncate()
    policy = get_policy()
    now = clock.start_of_day(day)
    expected = set()
    with session_scope() as session:
        for spec in specs:
            case = case_row(stage=spec["stage"], episode=2 if spec["recalled"] else 1)
            session.add(case)
            released_at = now - timedelta(hours=spec["released_hours_ago"])
            deadline = acceptance_deadline(released_at, working_days=1)
            session.add(
                Handover(
                    case_id=case.id,
                    packet={},
                    released_at=released_at,
                    created_at=released_at,
                    accept_by=deadline,
                    status="accepted" if spec["accepted"] else "new",
                )
            )
            if sla_breached(
                status="accepted" if spec["accepted"] else "new",
                accept_by=deadline,
                now=now,
                current=not spec["recalled"],
                stage=Stage(spec["stage"]),
            ):
                expected.add(f"handover_acceptance_overdue:{case.id}:1")
    with session_scope() as session:
        assert sweep_overdue_acceptances(session, today=day, policy=policy).raised == len(expected)
    with session_scope(write=False) as session:
        assert set(session.exec(select(Task.dedupe_key))) == expected
