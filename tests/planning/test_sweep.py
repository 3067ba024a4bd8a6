"""The daily plan sweeps: plans open 84 days before release, unsigned parties get a sign-off task
from 28 days before, and running them twice raises nothing new (their SQL twins: test_sql_twin)."""

from datetime import date, timedelta

from resettlement import clock
from resettlement.planning.sweep import open_plans_due, raise_signoff_tasks
from resettlement.policy import get_policy
from resettlement.storage.db import session_scope
from tests.conftest import NOW
from tests.factories import PLAN_WRITERS, follow_up, received_case, section_body

TODAY = NOW.date()
RULES = get_policy().release_plan
OPENS = RULES.opens_days_before_release
SIGNOFF = RULES.signoff_days_before_release
WRITER = PLAN_WRITERS


def _open(today: date = TODAY):
    with session_scope() as session:
        return open_plans_due(session, today=today, policy=get_policy())


def _signoff(today: date = TODAY):
    with session_scope() as session:
        return raise_signoff_tasks(session, today=today, policy=get_policy())


def _case(api, case_id):
    return api.get(f"/cases/{case_id}").json()


def _signoff_tasks(api, case_id):
    return {
        t["team"]: t for t in _case(api, case_id)["tasks"] if t["kind"] == "release_plan_signoff"
    }


def _write_and_sign(api, case_id, *parties):
    for party in parties:
        url = f"/cases/{case_id}/release-plan/sections/{party}"
        assert api.put(url, json=section_body(), user=WRITER[party]).status_code == 200
        r = api.post(
            f"/cases/{case_id}/release-plan/sign", json={"party": party}, user=WRITER[party]
        )
        assert r.status_code == 200, r.text


def test_a_plan_opens_eighty_four_days_before_release_and_only_once(api, db):
    due = received_case(api, at=NOW, release_in_days=OPENS)
    later = received_case(api, at=NOW, release_in_days=OPENS + 1)
    assert _open().changed == 1
    assert _open().changed == 0
    case = _case(api, due)
    assert case["stage"] == "release_planning"
    assert (case["release_plan"]["version"], case["release_plan"]["status"]) == (1, "draft")
    assert "release_plan_opened" in [e["kind"] for e in case["timeline"]]
    assert _case(api, later)["release_plan"] is None
    assert _open(TODAY + timedelta(days=1)).changed == 1


def test_a_recalled_case_gets_a_plan_for_its_new_custody_episode(api, db):
    case_id = received_case(api, at=NOW, prison_number_="F1234GH", release_in_days=10)
    _open()
    api.post("/events", json=follow_up("release", number="F1234GH", at=NOW))
    api.post("/events", json=follow_up("recall", number="F1234GH", at=NOW))
    assert _open().changed == 1
    plan = _case(api, case_id)["release_plan"]
    assert (plan["episode"], plan["version"]) == (2, 1)
    assert [(p["episode"], p["version"]) for p in plan["previous_versions"]] == [(1, 1)]


def test_unsigned_parties_get_a_signoff_task_each_from_twenty_eight_days_out(api, db):
    case_id = received_case(api, at=NOW, release_in_days=SIGNOFF)
    _write_and_sign(api, case_id, "hacs")
    assert _signoff(TODAY - timedelta(days=1)).raised == 0
    assert _signoff().raised == 2
    assert _signoff().raised == 0
    tasks = _signoff_tasks(api, case_id)
    assert set(tasks) == {"carat", "cjit"}
    release = TODAY + timedelta(days=SIGNOFF)
    expected_due = clock.start_of_day(release - timedelta(days=SIGNOFF)).isoformat()
    assert tasks["cjit"]["due_at"].replace("Z", "+00:00") == expected_due
    assert api.get("/tasks", params={"team": "cjit"}, user="newcastle").json()["total"] == 1


def test_signing_marks_that_party_s_task_done_and_agreement_closes_the_rest(api, db):
    case_id = received_case(api, at=NOW, release_in_days=SIGNOFF, on_licence=True)
    _write_and_sign(api, case_id, "hacs")
    _signoff()
    _write_and_sign(api, case_id, "carat", "cjit")
    tasks = _signoff_tasks(api, case_id)
    assert tasks["carat"]["status"] == "done" and tasks["carat"]["completed_by"] == "durham-carat"
    assert tasks["probation"]["status"] == "open"
    _write_and_sign(api, case_id, "probation")
    assert _signoff_tasks(api, case_id)["probation"]["status"] == "done"
    assert _case(api, case_id)["stage"] == "plan_agreed"
    assert _signoff().raised == 0


def test_rewriting_a_signed_section_reopens_that_party_s_task(api, db):
    case_id = received_case(api, at=NOW, release_in_days=SIGNOFF)
    _write_and_sign(api, case_id, "hacs")
    _signoff()
    _write_and_sign(api, case_id, "carat")
    url = f"/cases/{case_id}/release-plan/sections/carat"
    api.put(url, json=section_body("changed"), user="durham-carat")
    assert _signoff_tasks(api, case_id)["carat"]["status"] == "open"


def test_a_new_version_after_agreement_is_chased_under_its_own_key(api, db):
    case_id = received_case(api, at=NOW, release_in_days=SIGNOFF)
    _write_and_sign(api, case_id, "hacs", "carat", "cjit")
    api.put(
        f"/cases/{case_id}/release-plan/sections/cjit", json=section_body("x"), user="newcastle"
    )
    assert _signoff().raised == 3
    titles = sorted(t["title"] for t in _signoff_tasks(api, case_id).values())
    assert all("v2" in title for title in titles)
