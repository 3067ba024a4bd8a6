"""The needs chase's SQL (needs/sql.py) agrees with the pure rule `need_task_due` on generated
caseloads, raises each task for the need's owner, and a second run raises nothing new."""

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from resettlement.needs.rules import need_task_due
from resettlement.needs.sweep import raise_need_tasks
from resettlement.policy import get_policy
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Need, Task
from resettlement.vocabulary import NeedStatus, Pathway, PlanParty, Stage
from tests.conftest import NOW
from tests.factories import case_row

TODAY = NOW.date()


def sweep() -> int:
    with session_scope() as session:
        return raise_need_tasks(session, today=TODAY, policy=get_policy()).raised


need = st.fixed_dictionaries(
    {
        "status": st.sampled_from(list(NeedStatus)),
        "owner": st.sampled_from(list(PlanParty)),
        "earlier_episode": st.booleans(),
    }
)
case = st.fixed_dictionaries(
    {
        "stage": st.sampled_from(list(Stage)),
        "release_in": st.one_of(st.none(), st.integers(min_value=-10, max_value=60)),
        "recalled": st.booleans(),
        "needs": st.lists(need, max_size=4),
    }
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(case, max_size=6))
def test_the_sql_chase_raises_exactly_the_tasks_the_pure_rule_says_are_due(db, caseload):
    db.truncate()
    expected = {}
    pathways = list(Pathway)
    with session_scope() as session:
        for spec in caseload:
            release = None if spec["release_in"] is None else TODAY + timedelta(spec["release_in"])
            row = case_row(
                stage=spec["stage"].value,
                release_date=release,
                episode=2 if spec["recalled"] else 1,
            )
            session.add(row)
            for n, item in enumerate(spec["needs"]):
                episode = 1 if item["earlier_episode"] else row.episode
                need_row = Need(
                    case_id=row.id,
                    episode=episode,
                    pathway=pathways[n].value,
                    need="any",
                    owner=item["owner"].value,
                    status=item["status"].value,
                    created_at=NOW,
                    created_by="t",
                    updated_at=NOW,
                    updated_by="t",
                )
                session.add(need_row)
                if need_task_due(
                    status=need_row.status,
                    need_episode=episode,
                    case_episode=row.episode,
                    stage=spec["stage"],
                    release_date=release,
                    today=TODAY,
                    policy=get_policy().needs,
                ):
                    key = f"need_not_started:{row.id}:{episode}:{need_row.id}"
                    expected[key] = (need_row.owner, need_row.pathway)
    assert sweep() == len(expected)
    with session_scope(write=False) as session:
        raised = {t.dedupe_key: (t.team, t.pathway) for t in session.exec(select(Task))}
    assert raised == expected
    assert sweep() == 0
