"""`visible_task_clause` (the SQL twin of `task_visible`) lists exactly the tasks each role may
see, on generated cases with and without consent and tasks of every team, about a need on any
pathway or about none."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlmodel import Session, col

from resettlement.access.visibility import task_visible, view_for, visible_task_clause
from resettlement.storage.tables import Task
from resettlement.tasks.keys import dedupe_key
from resettlement.tasks.store import new_task
from resettlement.vocabulary import Pathway, Role, TaskKind, Team
from tests.conftest import NOW
from tests.factories import case_row


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(
            st.booleans(),
            st.lists(
                st.tuples(
                    st.sampled_from(list(Team)),
                    st.one_of(st.none(), st.sampled_from([p.value for p in Pathway])),
                ),
                max_size=3,
            ),
        )
    ),
    st.sampled_from([Role.admin, Role.prison_staff, Role.cjit_worker, Role.rom]),
)
def test_the_sql_clause_and_the_pure_rule_agree_for_every_role(db, specs, role):
    db.truncate()
    expected = set()
    with Session(db.engine) as session:
        for consent, teams in specs:
            case = case_row(consent_share_cjit=consent)
            session.add(case)
            session.flush()
            view = view_for(role, consent_share_cjit=consent)
            for n, (team, pathway) in enumerate(teams):
                task = new_task(
                    case_id=case.id,
                    kind=TaskKind.release_plan_signoff,
                    team=team,
                    title="t",
                    due_at=NOW,
                    key=dedupe_key(TaskKind.release_plan_signoff, case.id, 1, n),
                    pathway=pathway,
                )
                session.add(task)
                if task_visible(team.value, view, pathway):
                    expected.add(task.dedupe_key)
        session.commit()
        query = select(col(Task.dedupe_key)).where(visible_task_clause(role))
        assert set(session.execute(query).scalars()) == expected
