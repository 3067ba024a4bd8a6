"""POST /tasks/{id}/complete with a note, and POST /tasks/{id}/undo, over real HTTP: the same
commands the task pages call; the note is the team's free text on the timeline, and only its
author may undo, within policy tasks.undo_done_minutes."""

from datetime import timedelta

import pytest

from resettlement import clock
from resettlement.access.users import Principal
from resettlement.errors import InvalidInput
from resettlement.policy import get_policy
from resettlement.storage.db import session_scope
from resettlement.tasks.commands import MAX_NOTE, complete_task
from resettlement.vocabulary import Role, Team
from tests.conftest import NOW
from tests.factories import PRISON, add_worker, hacs_body, received_case, tenancy


def _protect_task(api) -> tuple[str, int]:
    case_id = received_case(api, at=NOW, release_in_days=60)
    assert api.post(f"/cases/{case_id}/hacs-assessment", json=hacs_body(tenancy=tenancy())).ok
    r = api.get("/tasks", params={"case_id": case_id, "kind": "protect_tenancy"})
    [task] = r.json()["items"]
    return case_id, task["id"]


def _completed_entry(api, case_id: str, user: str) -> dict:
    timeline = api.get(f"/cases/{case_id}", user=user).json()["timeline"]
    [entry] = [e for e in timeline if e["kind"] == "task_completed"]
    return entry


def test_a_note_given_when_marking_a_task_done_lands_on_the_timeline(api, db):
    case_id, task_id = _protect_task(api)
    body = {"note": "  Rang Tyne Homes: rent paid  "}
    r = api.post(f"/tasks/{task_id}/complete", json=body, user="durham-hacs")
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "done" and r.json()["completed_by"] == "durham-hacs"
    entry = _completed_entry(api, case_id, "durham-hacs")
    assert entry["data"]["notes"] == "Rang Tyne Homes: rent paid"
    assert entry["data"]["task_id"] == task_id


def test_the_teams_note_is_withheld_from_those_who_may_not_see_its_free_text(api, db):
    case_id, task_id = _protect_task(api)
    body = {"note": "HACSSECRETNOTE"}
    assert api.post(f"/tasks/{task_id}/complete", json=body, user="durham-hacs").ok
    # A HACS note is a custody note: the CJIT sees that the task was done, not the words.
    entry = _completed_entry(api, case_id, "newcastle")
    assert entry["data"]["task_id"] == task_id and entry["data"]["notes"] is None
    assert "HACSSECRETNOTE" not in api.get(f"/cases/{case_id}", user="newcastle").text


def test_completing_without_a_body_works_as_before_with_no_note(api, db):
    case_id, task_id = _protect_task(api)
    r = api.post(f"/tasks/{task_id}/complete", user="durham-hacs")
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "done"
    assert _completed_entry(api, case_id, "durham-hacs")["data"]["notes"] is None


def test_a_note_too_long_or_an_unknown_field_is_refused_and_the_task_stays_open(api, db):
    _case_id, task_id = _protect_task(api)
    long = api.post(f"/tasks/{task_id}/complete", json={"note": "x" * 1001}, user="durham-hacs")
    assert long.status_code == 422
    [problem] = long.json()["detail"]
    assert problem["loc"] == ["body", "note"] and "1000 characters" in problem["msg"]
    odd = api.post(f"/tasks/{task_id}/complete", json={"notes": "typo"}, user="durham-hacs")
    assert odd.status_code == 422
    r = api.get("/tasks", params={"kind": "protect_tenancy"})
    assert r.json()["items"][0]["status"] == "open"


def test_the_service_refuses_a_note_over_the_limit_rather_than_cutting_it_short(api, db):
    _case_id, task_id = _protect_task(api)
    hacs = Principal("durham-hacs", Role.prison_staff, PRISON, Team.hacs)
    with pytest.raises(InvalidInput) as refused, session_scope() as session:
        complete_task(session, principal=hacs, task_id=task_id, note="x" * (MAX_NOTE + 1))
    assert [p.field for p in refused.value.problems] == ["note"]
    r = api.get("/tasks", params={"kind": "protect_tenancy"})
    assert r.json()["items"][0]["status"] == "open"


def test_undo_within_the_window_opens_the_task_again_and_says_so_on_the_timeline(api, db):
    case_id, task_id = _protect_task(api)
    assert api.post(f"/tasks/{task_id}/complete", user="durham-hacs").ok
    minutes = get_policy().tasks.undo_done_minutes
    with clock.frozen_at(NOW + timedelta(minutes=minutes)):
        r = api.post(f"/tasks/{task_id}/undo", user="durham-hacs")
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "open" and r.json()["completed_by"] is None
    assert r.json()["closed_at"] is None
    timeline = api.get(f"/cases/{case_id}").json()["timeline"]
    assert timeline[-1]["kind"] == "task_reopened"
    assert timeline[-1]["data"]["task_id"] == task_id
    # open again, so it can be marked done again
    assert api.post(f"/tasks/{task_id}/complete", user="durham-hacs").json()["status"] == "done"


def test_undo_by_anyone_but_the_author_is_refused_with_who_marked_it_done(api, db):
    _case_id, task_id = _protect_task(api)
    assert api.post(f"/tasks/{task_id}/complete", user="durham-hacs").ok
    colleague = add_worker(api, "durham-hacs-2", Role.prison_staff, PRISON, Team.hacs)
    for user in (colleague, "admin"):
        r = api.post(f"/tasks/{task_id}/undo", user=user)
        assert r.status_code == 409, r.text
        assert "marked done by durham-hacs" in r.json()["detail"]
    r = api.get("/tasks", params={"kind": "protect_tenancy"})
    assert r.json()["items"][0]["status"] == "done"


def test_undo_after_the_window_is_refused_and_the_task_stays_done(api, db):
    _case_id, task_id = _protect_task(api)
    assert api.post(f"/tasks/{task_id}/complete", user="durham-hacs").ok
    minutes = get_policy().tasks.undo_done_minutes
    with clock.frozen_at(NOW + timedelta(minutes=minutes, seconds=1)):
        r = api.post(f"/tasks/{task_id}/undo", user="durham-hacs")
    assert r.status_code == 409
    assert f"within {minutes} minutes" in r.json()["detail"]
    r = api.get("/tasks", params={"kind": "protect_tenancy"})
    assert r.json()["items"][0]["status"] == "done"


def test_undo_of_a_task_that_is_not_done_is_refused(api, db):
    _case_id, task_id = _protect_task(api)
    r = api.post(f"/tasks/{task_id}/undo", user="durham-hacs")
    assert r.status_code == 409 and "not done" in r.json()["detail"]


def test_undo_outside_the_callers_scope_or_of_an_unknown_task_is_not_found(api, db):
    _case_id, task_id = _protect_task(api)
    assert api.post(f"/tasks/{task_id}/complete", user="durham-hacs").ok
    assert api.post(f"/tasks/{task_id}/undo", user="pentonville").status_code == 404
    assert api.post("/tasks/999999/undo").status_code == 404
    assert api.post("/tasks/99999999999999/undo").status_code == 422
