"""Allocation through the API: a team names its worker (of that team and scope), reallocation
keeps a history with a reason, the case's open tasks for the team go to the worker, transfers and
accepted handovers let the prison workers go, and each worker's load per prison or area."""

from __future__ import annotations

from datetime import timedelta

from resettlement.vocabulary import Role, Team
from tests.conftest import NOW
from tests.factories import (
    AREA,
    OTHER_PRISON,
    PRISON,
    add_need,
    add_worker,
    allocate,
    carat_body,
    follow_up,
    received_case,
    release_event,
)


def _case(api, *, consent: bool = True) -> str:
    case_id = received_case(api, at=NOW - timedelta(days=10), release_in_days=60)
    body = carat_body(consent_share_cjit=consent)
    assert api.post(f"/cases/{case_id}/carat-assessment", json=body).status_code == 201
    return case_id


def _workers(api) -> None:
    add_worker(api, "amy", Role.prison_staff, PRISON, Team.hacs)
    add_worker(api, "bob", Role.prison_staff, PRISON, Team.hacs)
    add_worker(api, "catherine", Role.prison_staff, PRISON, Team.carat)
    add_worker(api, "hhi-hacs", Role.prison_staff, OTHER_PRISON, Team.hacs)
    add_worker(api, "sam", Role.cjit_worker, AREA)


def test_a_team_names_its_worker_and_the_case_shows_them(api, db):
    _workers(api)
    case_id = _case(api)
    answer = allocate(api, case_id, "hacs", "amy", user="durham-hacs")
    assert answer.status_code == 200, answer.text
    assert answer.json()["allocation"]["username"] == "amy"
    detail = api.get(f"/cases/{case_id}").json()
    assert [(a["team"], a["username"]) for a in detail["allocations"]] == [("hacs", "amy")]


def test_only_a_worker_of_that_team_and_scope_may_be_named(api, db):
    _workers(api)
    case_id = _case(api)
    for username in ("catherine", "hhi-hacs", "sam", "nobody", "durham"):
        answer = allocate(api, case_id, "hacs", username, user="admin")
        assert answer.status_code == 422, username
        assert answer.json()["detail"][0]["loc"][-1] == "username"
    assert allocate(api, case_id, "cjit", "sam", user="newcastle").status_code == 200
    assert allocate(api, case_id, "cjit", "amy", user="admin").status_code == 422


def test_only_a_member_of_the_team_names_its_worker(api, db):
    _workers(api)
    case_id = _case(api)
    for user in ("durham-carat", "durham", "newcastle", "rom-ne", "feed"):
        assert allocate(api, case_id, "hacs", "amy", user=user).status_code == 403, user
    assert allocate(api, case_id, "hacs", "amy", user="cardiff").status_code == 404


def test_a_reallocation_needs_a_reason_and_keeps_the_history(api, db):
    _workers(api)
    case_id = _case(api)
    allocate(api, case_id, "hacs", "amy", user="durham-hacs")
    refused = allocate(api, case_id, "hacs", "bob", user="durham-hacs")
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"][-1] == "reason"
    moved = allocate(api, case_id, "hacs", "bob", user="durham-hacs", reason="Amy on leave")
    assert moved.status_code == 200 and moved.json()["replaced"] == "amy"
    history = api.get(f"/cases/{case_id}").json()["allocation_history"]
    assert [(a["username"], a["reason"], a["end_reason"]) for a in history] == [
        ("bob", "Amy on leave", None),
        ("amy", None, "reallocated to bob"),
    ]
    assert allocate(api, case_id, "hacs", "bob", user="durham-hacs").status_code == 200  # no-op


def test_the_cases_open_tasks_for_the_team_go_to_its_worker_and_later_ones_too(api, db):
    _workers(api)
    case_id = _case(api)
    allocate(api, case_id, "hacs", "amy", user="durham-hacs")
    mine = api.get("/tasks?assignee=me", user="amy").json()["items"]
    assert {t["kind"] for t in mine} == {"hacs_assessment_due"}
    assert all(t["assignee"] == "amy" and t["team"] == "hacs" for t in mine)
    add_need(api, case_id, user="durham-hacs")
    from resettlement.daily import run_sweeps
    from resettlement.policy import get_policy

    run_sweeps(NOW.date() + timedelta(days=40), get_policy())
    kinds = {t["kind"] for t in api.get("/tasks?assignee=me", user="amy").json()["items"]}
    assert "need_not_started" in kinds
    assert api.get("/tasks?assignee=me", user="bob").json()["total"] == 0


def test_a_transfer_unassigns_the_prison_workers(api, db):
    _workers(api)
    case_id = _case(api)
    allocate(api, case_id, "hacs", "amy", user="durham-hacs")
    allocate(api, case_id, "cjit", "sam", user="newcastle")
    number = api.get(f"/cases/{case_id}").json()["prison_number"]
    move = follow_up("transfer", number=number, at=NOW, to_prison=OTHER_PRISON)
    assert api.post("/events", json=move).status_code == 201
    detail = api.get(f"/cases/{case_id}").json()
    assert [a["username"] for a in detail["allocations"]] == ["sam"]
    assert api.get("/tasks?assignee=me", user="amy").json()["total"] == 0


def test_a_release_lets_the_prison_workers_go_once_the_cjit_accepts(api, db):
    _workers(api)
    case_id = _case(api)
    allocate(api, case_id, "hacs", "amy", user="durham-hacs")
    number = api.get(f"/cases/{case_id}").json()["prison_number"]
    assert api.post("/events", json=release_event(number, at=NOW)).status_code == 201
    detail = api.get(f"/cases/{case_id}").json()
    assert [a["username"] for a in detail["allocations"]] == ["amy"]
    accept = {"worker": "Sam Lee", "first_appointment": (NOW + timedelta(days=1)).isoformat()}
    handover = detail["handover"]["id"]
    assert (
        api.post(f"/handovers/{handover}/accept", json=accept, user="newcastle").status_code == 200
    )
    detail = api.get(f"/cases/{case_id}").json()
    assert [(a["team"], a["username"]) for a in detail["allocations"]] == [("cjit", "newcastle")]


def test_a_cjit_worker_without_consent_does_not_see_who_holds_the_case_for_carat(api, db):
    _workers(api)
    case_id = _case(api, consent=False)
    allocate(api, case_id, "carat", "catherine", user="durham-carat")
    allocate(api, case_id, "hacs", "amy", user="durham-hacs")
    seen = api.get(f"/cases/{case_id}", user="newcastle").json()
    assert [a["team"] for a in seen["allocations"]] == ["hacs"]
    assert "catherine" not in str(seen["timeline"])


def test_the_workload_counts_each_workers_cases_and_their_open_and_overdue_tasks(api, db):
    _workers(api)
    first, second = _case(api), _case(api)
    allocate(api, first, "hacs", "amy", user="durham-hacs")
    allocate(api, second, "hacs", "amy", user="durham-hacs")
    allocate(api, first, "carat", "catherine", user="durham-carat")
    body = api.get(f"/workload?prison={PRISON}", user="durham").json()
    rows = {(r["username"], r["team"]): r for r in body["items"]}
    assert rows[("amy", "hacs")] == {
        "username": "amy",
        "team": "hacs",
        "cases": 2,
        "open_tasks": 2,
        "overdue_tasks": 2,  # the HACS assessments were due 72 hours after reception
    }
    assert rows[("bob", "hacs")]["cases"] == 0
    assert rows[("catherine", "carat")]["cases"] == 1
    assert ("hhi-hacs", "hacs") not in rows
    assert api.get("/workload", user="durham").json()["total"] == body["total"]


def test_who_may_see_which_workload(api, db):
    _workers(api)
    assert api.get(f"/workload?area={AREA}", user="newcastle").status_code == 200
    assert api.get(f"/workload?prison={PRISON}", user="newcastle").status_code == 403
    assert api.get(f"/workload?prison={OTHER_PRISON}", user="durham").status_code == 403
    assert api.get(f"/workload?prison={PRISON}", user="rom-ne").status_code == 200
    assert api.get(f"/workload?prison={PRISON}", user="rom-ln").status_code == 403
    assert api.get("/workload", user="rom-ne").status_code == 422
    assert api.get(f"/workload?prison={PRISON}&area={AREA}", user="admin").status_code == 422
    assert api.get(f"/workload?prison={PRISON}", user="feed").status_code == 403
