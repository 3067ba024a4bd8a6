"""The tenancy-check sweep's SQL (aftercare/sql.py) agrees with the pure rule `check_task_due`
on generated caseloads, and a second run raises nothing new."""

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from resettlement.aftercare.rules import check_task_due
from resettlement.aftercare.sweep import raise_due_tenancy_checks
from resettlement.policy import get_policy
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Task, TenancyCheck
from resettlement.vocabulary import Stage
from tests.conftest import NOW
from tests.factories import case_row

TODAY = NOW.date()


def sweep() -> int:
    with session_scope() as session:
        return raise_due_tenancy_checks(session, today=TODAY, policy=get_policy()).raised


@st.composite
def caseloads(draw: st.DrawFn) -> list[dict]:
    case = st.fixed_dictionaries(
        {
            "released_days_ago": st.integers(min_value=0, max_value=200),
            "stage": st.sampled_from([s.value for s in Stage]),
            "recalled": st.booleans(),
            "recorded": st.sets(st.sampled_from([1, 7, 28, 91, 182])),
        }
    )
    return draw(st.lists(case, max_size=6))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(caseloads())
def test_the_sql_sweep_raises_exactly_the_checks_the_pure_rule_says_are_due(db, caseload):
    db.truncate()
    expected = set()
    with session_scope() as session:
        for spec in caseload:
            case = case_row(stage=spec["stage"], episode=2 if spec["recalled"] else 1)
            session.add(case)
            released_on = TODAY - timedelta(days=spec["released_days_ago"])
            for days in get_policy().tenancy_checks.days_after_release:
                outcome = "sustained" if days in spec["recorded"] else None
                check = TenancyCheck(
                    case_id=case.id,
                    episode=1,
                    day_offset=days,
                    outcome=outcome,
                    due_on=released_on + timedelta(days=days),
                )
                session.add(check)
                if check_task_due(
                    outcome=outcome,
                    due_on=check.due_on,
                    episode=1,
                    current_episode=case.episode,
                    stage=Stage(case.stage),
                    today=TODAY,
                ):
                    expected.add(f"tenancy_check_due:{case.id}:1:{days}")
    assert sweep() == len(expected)
    with session_scope(write=False) as session:
        keys = set(session.exec(select(Task.dedupe_key)))
    assert keys == expected
    assert sweep() == 0
