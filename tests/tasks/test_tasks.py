"""GET /tasks and POST /tasks/{id}/complete over real HTTP: scoped like cases, filtered, ordered
by due time; completed only while open, by a role whose team it is, and never a task that only
its cause closes."""

from datetime import timedelta

from resettlement.access.users import Principal
from resettlement.tasks.rules import completion_refusal, may_complete
from resettlement.vocabulary import Role, TaskKind, Team
from tests.conftest import NOW
from tests.factories import FAR_AREA, FAR_PRISON, hacs_body, received_case, tenancy


def _tasks(api, user="admin", **params):
    r = api.get("/tasks", params=params, user=user)
    assert r.status_code == 200, r.text
    return r.json()


def _with_protect_task(api) -> tuple[str, int]:
    case_id = received_case(api, at=NOW, release_in_days=60)
    body = hacs_body(tenancy=tenancy())
    assert api.post(f"/cases/{case_id}/hacs-assessment", json=body).status_code == 201
    [task] = _tasks(api, case_id=case_id, kind="protect_tenancy")["items"]
    return case_id, task["id"]


def test_prison_staff_cjit_workers_and_roms_see_only_tasks_of_cases_in_their_scope(api, db):
    received_case(api, at=NOW)  # Durham, returning to Newcastle (NE)
    received_case(api, at=NOW, prison=FAR_PRISON, area=FAR_AREA)  # Pentonville, to Cardiff
    assert _tasks(api)["total"] == 4
    assert _tasks(api, user="durham")["total"] == 2
    # A CJIT worker sees CARAT's work only where the person consented to share (none yet).
    assert _tasks(api, user="newcastle")["total"] == 1
    assert _tasks(api, user="rom-ne")["total"] == 2
    assert _tasks(api, user="pentonville")["total"] == 2
    cardiff = _tasks(api, user="cardiff")["items"]
    assert {t["kind"] for t in cardiff} == {"hacs_assessment_due"}


def test_tasks_are_ordered_by_due_time_and_filtered_by_team_status_kind_and_case(api, db):
    first = received_case(api, at=NOW)
    received_case(api, at=NOW - timedelta(days=1))
    items = _tasks(api)["items"]
    assert [t["due_at"] for t in items] == sorted(t["due_at"] for t in items)
    assert {t["team"] for t in _tasks(api, team="carat")["items"]} == {"carat"}
    assert _tasks(api, kind="hacs_assessment_due", case_id=first)["total"] == 1
    assert _tasks(api, status="done")["total"] == 0
    page = _tasks(api, page=2, page_size=3)
    assert page["total"] == 4 and len(page["items"]) == 1


def test_an_unknown_filter_value_is_named(api, db):
    r = api.get("/tasks", params={"team": "governor"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "team"]
    assert api.get("/tasks", params={"page_size": 101}).status_code == 422


def test_completing_an_open_task_marks_it_done_by_the_caller_and_is_on_the_timeline(api, db):
    case_id, task_id = _with_protect_task(api)
    r = api.post(f"/tasks/{task_id}/complete", user="durham-hacs")
    assert r.status_code == 200, r.text
    done = r.json()
    assert done["status"] == "done" and done["completed_by"] == "durham-hacs"
    assert done["closed_at"] is not None
    timeline = api.get(f"/cases/{case_id}").json()["timeline"]
    assert timeline[-1]["kind"] == "task_completed"
    assert timeline[-1]["data"]["task_id"] == task_id


def test_a_task_that_is_not_open_cannot_be_completed_again(api, db):
    _, task_id = _with_protect_task(api)
    api.post(f"/tasks/{task_id}/complete", user="durham-hacs")
    r = api.post(f"/tasks/{task_id}/complete", user="admin")
    assert r.status_code == 409 and "already done" in r.json()["detail"]


def test_a_task_only_its_cause_closes_is_refused_with_what_to_do_instead(api, db):
    case_id = received_case(api, at=NOW)
    [task] = _tasks(api, case_id=case_id, kind="hacs_assessment_due")["items"]
    r = api.post(f"/tasks/{task['id']}/complete", user="durham-hacs")
    assert r.status_code == 409 and "hacs-assessment" in r.json()["detail"]
    assert _tasks(api, case_id=case_id, status="open")["total"] == 2


def test_a_role_may_complete_only_its_own_teams_tasks(api, db):
    _, task_id = _with_protect_task(api)
    assert api.post(f"/tasks/{task_id}/complete", user="newcastle").status_code == 403
    assert api.post(f"/tasks/{task_id}/complete", user="rom-ne").status_code == 403
    assert api.post(f"/tasks/{task_id}/complete", user="durham-carat").status_code == 403
    assert api.post(f"/tasks/{task_id}/complete", user="durham").status_code == 403
    assert _tasks(api, status="open", kind="protect_tenancy")["total"] == 1


def test_a_task_outside_the_callers_scope_or_unknown_is_not_found(api, db):
    _, task_id = _with_protect_task(api)
    assert api.post(f"/tasks/{task_id}/complete", user="pentonville").status_code == 404
    assert api.post("/tasks/999999/complete").status_code == 404
    assert api.post("/tasks/99999999999999/complete").status_code == 422


def test_each_role_completes_the_teams_it_works_for():
    probation = Principal("p", Role.prison_staff, "DMI", Team.probation)
    cjit, rom = Principal("c", Role.cjit_worker, "E08000021"), Principal("r", Role.rom, "NE")
    assert may_complete(probation, "probation") and not may_complete(probation, "hacs")
    assert not may_complete(probation, "cjit")
    assert not may_complete(Principal("t", Role.prison_staff, "DMI"), "probation")
    assert may_complete(cjit, "cjit") and not may_complete(cjit, "hacs")
    assert may_complete(rom, "rom") and not may_complete(rom, "hacs")
    admin = Principal("a", Role.admin, None)
    assert all(may_complete(admin, team) for team in ("hacs", "cjit", "rom"))


def test_work_tasks_complete_by_hand_and_cause_bound_tasks_do_not():
    for kind in (TaskKind.protect_tenancy, TaskKind.tenancy_at_risk, TaskKind.rehousing_needed):
        assert completion_refusal(kind.value) is None
    for kind in (TaskKind.housing_unresolved, TaskKind.release_plan_signoff):
        assert completion_refusal(kind.value) is not None
