"""Named workers on the pages: a team names its worker from the case page (a replacement needs
a reason), "My cases" and "My tasks" for the worker, the workload table for leads and ROMs."""

from __future__ import annotations

from datetime import timedelta

from resettlement.vocabulary import Role, Team
from tests.conftest import NOW
from tests.factories import (
    PRISON,
    add_worker,
    allocate,
    give_web_passwords,
    received_case,
)


def _setup(api) -> str:
    add_worker(api, "amy", Role.prison_staff, PRISON, Team.hacs)
    add_worker(api, "bob", Role.prison_staff, PRISON, Team.hacs)
    give_web_passwords(("amy", "bob", "durham-hacs", "durham-carat", "rom-ne", "durham"))
    return received_case(api, at=NOW - timedelta(days=10), release_in_days=60)


def test_a_team_member_names_the_worker_from_the_case_page(api, web, db):
    case_id = _setup(api)
    web.sign_in("durham-hacs")
    page = web.get(f"/cases/{case_id}").text
    assert 'action="/cases/' + case_id + '/allocation/hacs"' in page
    assert "/allocation/carat" not in page  # not their team
    done = web.post(f"/cases/{case_id}/allocation/hacs", {"username": "amy"})
    assert done.status_code == 200 and "amy now holds the case for HACS" in done.text
    assert api.get(f"/cases/{case_id}").json()["allocations"][0]["username"] == "amy"


def test_replacing_the_worker_without_a_reason_is_named_on_the_case_page(api, web, db):
    case_id = _setup(api)
    allocate(api, case_id, "hacs", "amy", user="durham-hacs")
    web.sign_in("durham-hacs")
    web.get(f"/cases/{case_id}")
    page = web.post(f"/cases/{case_id}/allocation/hacs", {"username": "bob", "reason": ""})
    assert page.status_code == 422 and "There is a problem" in page.text
    assert "give the reason for replacing amy" in page.text.lower()
    web.post(f"/cases/{case_id}/allocation/hacs", {"username": "bob", "reason": "Amy left"})
    page = web.get(f"/cases/{case_id}").text
    assert 'data-testid="worker-history"' in page and "Amy left" in page


def test_the_worker_finds_the_case_in_my_cases_and_its_tasks_in_my_tasks(api, web, db):
    case_id = _setup(api)
    allocate(api, case_id, "hacs", "amy", user="durham-hacs")
    web.sign_in("amy")
    mine = web.get("/my-cases").text
    assert f'data-case-id="{case_id}"' in mine
    tasks = web.get("/tasks?assignee=me").text
    assert "My tasks" in tasks and 'data-task-kind="hacs_assessment_due"' in tasks
    assert 'data-task-kind="carat_triage_due"' not in tasks
    web.sign_in("bob")
    assert f'data-case-id="{case_id}"' not in web.get("/my-cases").text


def test_the_workload_table_for_the_prison_and_for_a_rom(api, web, db):
    case_id = _setup(api)
    allocate(api, case_id, "hacs", "amy", user="durham-hacs")
    web.sign_in("durham")
    page = web.get("/workload").text
    row = page.split('data-worker="amy"')[1].split("</tr>")[0]
    assert ">1<" in row  # one case, one open task (the HACS assessment)
    web.sign_in("rom-ne")
    assert "Choose a prison or a CJIT area" in web.get("/workload").text
    assert 'data-worker="amy"' in web.get(f"/workload?prison={PRISON}").text
    assert web.get("/workload?prison=PVI").status_code == 403
