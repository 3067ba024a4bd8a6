"""The chase sweep's SQL (duty_to_refer/sql.py) agrees with the pure rule `needs_chase` on
generated referrals: of any age, answered or not, of the current episode or an earlier one, of
cases at any stage; and a second run raises nothing new."""

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlmodel import Session

from resettlement.duty_to_refer.rules import needs_chase
from resettlement.duty_to_refer.sql import referrals_to_chase
from resettlement.duty_to_refer.sweep import chase_overdue_referrals
from resettlement.policy import get_policy
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Referral, Task
from resettlement.vocabulary import Stage
from tests.conftest import NOW
from tests.factories import AREA, case_row

TODAY = NOW.date()
RULES = get_policy().housing
CHASE_DAYS = RULES.duty_to_refer_chase_days

referral_specs = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=3 * CHASE_DAYS),  # days since the referral
        st.booleans(),  # has an outcome
        st.sampled_from(list(Stage)),
        st.sampled_from([(1, 1), (2, 2), (2, 1)]),  # (the case's episode, the referral's)
    ),
    max_size=12,
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(referral_specs)
def test_the_chase_sql_selects_exactly_the_referrals_the_pure_rule_chases(db, specs):
    db.truncate()
    expected = set()
    with Session(db.engine) as session:
        for days_ago, answered, stage, (episode, referral_episode) in specs:
            case = case_row(stage=stage.value, episode=episode)
            referred_on = TODAY - timedelta(days=days_ago)
            outcome = "not_eligible" if answered else None
            session.add(case)
            session.flush()
            session.add(
                Referral(
                    case_id=case.id,
                    episode=referral_episode,
                    local_authority=AREA,
                    referred_on=referred_on,
                    reference=f"R-{case.id[:8]}",
                    outcome=outcome,
                    recorded_by="durham",
                )
            )
            if needs_chase(
                referred_on=referred_on,
                outcome=outcome,
                current=referral_episode == episode,
                stage=stage,
                today=TODAY,
                policy=RULES,
            ):
                expected.add(case.id)
        session.commit()
        selected = {row[0] for row in session.execute(referrals_to_chase(TODAY, RULES, None))}
    assert selected == expected
    with session_scope() as session:
        assert chase_overdue_referrals(session, today=TODAY, policy=get_policy()).raised == len(
            expected
        )
    with Session(db.engine) as session:
        assert set(session.execute(select(Task.case_id)).scalars()) == expected
    with session_scope() as session:
        assert chase_overdue_referrals(session, today=TODAY, policy=get_policy()).raised == 0
