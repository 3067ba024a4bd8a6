"""The plan sweeps' SQL (planning/sql.py) agrees with the pure rules (planning/rules.py) on
generated caseloads: which cases get a plan opened, and which parties are chased to sign."""

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlmodel import Session

from resettlement.planning.rules import parties_to_chase, plan_due_to_open
from resettlement.planning.sweep import open_plans_due, raise_signoff_tasks
from resettlement.policy import get_policy
from resettlement.storage.db import session_scope
from resettlement.storage.tables import PlanSignature, ReleasePlan, Task
from resettlement.vocabulary import Stage
from tests.conftest import NOW
from tests.factories import case_row

TODAY = NOW.date()
RULES = get_policy().release_plan
OPENS = RULES.opens_days_before_release


def _open(today: date = TODAY):
    with session_scope() as session:
        return open_plans_due(session, today=today, policy=get_policy())


def _signoff(today: date = TODAY):
    with session_scope() as session:
        return raise_signoff_tasks(session, today=today, policy=get_policy())


stages = st.sampled_from([s.value for s in Stage])
release_offsets = st.one_of(st.none(), st.integers(min_value=-5, max_value=OPENS + 10))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(stages, release_offsets, st.booleans()), max_size=12))
def test_opening_plans_agrees_with_the_pure_rule(db, specs):
    db.truncate()
    expected = set()
    with Session(db.engine) as session:
        for stage, offset, has_plan in specs:
            release = TODAY + timedelta(days=offset) if offset is not None else None
            case = case_row(stage=stage, release_date=release)
            session.add(case)
            session.flush()
            if has_plan:
                session.add(ReleasePlan(case_id=case.id, created_at=NOW))
            if plan_due_to_open(
                stage=Stage(stage),
                release_date=release,
                has_plan=has_plan,
                today=TODAY,
                policy=RULES,
            ):
                expected.add(case.id)
        session.commit()
    assert _open().changed == len(expected)
    with Session(db.engine) as session:
        plans = session.execute(select(ReleasePlan.case_id)).scalars().all()
    assert len(plans) == len(set(plans))
    assert expected <= set(plans)
    assert _open().changed == 0


parties = st.sets(st.sampled_from(["hacs", "carat", "probation", "cjit"]))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            stages,
            release_offsets,
            st.sampled_from(["draft", "agreed"]),
            st.booleans(),
            parties,
        ),
        max_size=10,
    )
)
def test_signoff_tasks_agree_with_the_pure_rule(db, specs):
    db.truncate()
    expected = set()
    with Session(db.engine) as session:
        for stage, offset, status, on_licence, signed in specs:
            release = TODAY + timedelta(days=offset) if offset is not None else None
            case = case_row(stage=stage, release_date=release, on_licence=on_licence)
            plan = ReleasePlan(case_id=case.id, status=status, created_at=NOW)
            session.add_all([case, plan])
            session.flush()
            for party in signed:
                session.add(
                    PlanSignature(plan_id=plan.id, party=party, signed_at=NOW, signed_by="x")
                )
            for party in parties_to_chase(
                stage=Stage(stage),
                status=status,
                release_date=release,
                on_licence=on_licence,
                signed=signed,
                today=TODAY,
                policy=RULES,
            ):
                expected.add((case.id, party.value))
        session.commit()
    assert _signoff().raised == len(expected)
    with Session(db.engine) as session:
        raised = {(c, t) for c, t in session.execute(select(Task.case_id, Task.team))}
    assert raised == expected
    assert _signoff().raised == 0
