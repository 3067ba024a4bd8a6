"""`housing_resolved_clause` (housing/sql.py) selects exactly the cases `is_housing_resolved`
(housing/rules.py) says are resolved, on generated release dates and arrangements."""

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlmodel import Session, col

from resettlement.housing.rules import is_housing_resolved
from resettlement.housing.sql import housing_resolved_clause
from resettlement.storage.tables import Case
from tests.conftest import NOW
from tests.factories import case_row

TODAY = NOW.date()
offsets = st.one_of(st.none(), st.integers(min_value=-30, max_value=30))


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(offsets, offsets), max_size=12))
def test_the_sql_clause_and_the_pure_rule_agree_on_every_case(db, specs):
    db.truncate()
    expected = set()
    with Session(db.engine) as session:
        for release, ready in specs:
            case = case_row(
                release_date=None if release is None else TODAY + timedelta(days=release),
                housing_ready_from=None if ready is None else TODAY + timedelta(days=ready),
            )
            session.add(case)
            if is_housing_resolved(case):
                expected.add(case.id)
        session.commit()
        query = select(col(Case.id)).where(housing_resolved_clause())
        assert set(session.execute(query).scalars()) == expected
