"""One dedupe-key builder: the SQL twin builds, row by row, the very key Python builds."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import literal, select
from sqlmodel import Session

from resettlement.tasks.keys import dedupe_key, sql_dedupe_key
from resettlement.vocabulary import TaskKind

ids = st.text(alphabet="abcdef0123456789-", min_size=1, max_size=36)
parts = st.lists(
    st.one_of(st.integers(0, 400), st.sampled_from(["hacs", "cjit", "v2"])), max_size=3
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.sampled_from(list(TaskKind)), ids, st.integers(1, 9), parts)
def test_the_sql_key_equals_the_python_key(db, kind, case_id, episode, extra):
    sql = sql_dedupe_key(kind, literal(case_id), literal(episode), *(literal(p) for p in extra))
    with Session(db.engine) as session:
        assert session.execute(select(sql)).scalar_one() == dedupe_key(
            kind, case_id, episode, *extra
        )
