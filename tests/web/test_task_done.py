"""Tasks that can be acted on: the list starts with my team's work, each task links to what
clears it, "mark done" takes a note (on the timeline) and can be undone for a short time."""

from __future__ import annotations

import re

from tests.conftest import NOW
from tests.factories import received_case


def _protect_tenancy_task(api) -> tuple[str, dict]:
    case_id = received_case(api, at=NOW, release_in_days=60)
    tenancy = {
        "landlord_type": "social",
        "rent_weekly": "95.50",
        "arrears": "0",
        "housing_benefit": True,
    }
    body = {
        "housing_status": "tenancy_maintained",
        "tenancy": tenancy,
        "threatened_with_homelessness": False,
        "duty_to_refer_consent": False,
    }
    assert api.post(f"/cases/{case_id}/hacs-assessment", json=body, user="durham-hacs").ok
    [task] = api.get(f"/tasks?case_id={case_id}&kind=protect_tenancy").json()["items"]
    return case_id, task


def test_the_task_list_starts_with_my_team_and_links_to_what_clears_each_task(api, web, db):
    case_id = received_case(api, at=NOW)
    web.sign_in("durham-carat")
    page = web.get("/tasks").text
    assert 'data-task-kind="carat_triage_due"' in page
    assert 'data-task-kind="hacs_assessment_due"' not in page
    row = page[page.index('data-task-kind="carat_triage_due"') :][:1500]
    assert f'href="/cases/{case_id}/carat-assessment"' in page, row
    everyone = web.get("/tasks?team=all").text
    assert 'data-task-kind="hacs_assessment_due"' in everyone


def test_mark_done_takes_a_note_and_can_be_undone(api, web, db):
    case_id, task = _protect_tenancy_task(api)
    web.sign_in("durham-hacs")
    form = web.get(f"/tasks/{task['id']}/complete?back=/tasks")
    assert form.status_code == 200 and "What did you do?" in form.text
    done = web.post(
        f"/tasks/{task['id']}/complete", {"back": "/tasks", "note": "Rang Tyne Homes: rent paid"}
    )
    assert "Task marked as done" in done.text and "Undo" in done.text
    assert (
        api.get(f"/tasks?case_id={case_id}&kind=protect_tenancy").json()["items"][0]["status"]
        == "done"
    )
    case_page = web.get(f"/cases/{case_id}").text
    assert "Note: Rang Tyne Homes: rent paid" in case_page

    undone = web.post(f"/tasks/{task['id']}/undo", {"back": "/tasks"})
    assert "Task opened again" in undone.text
    assert (
        api.get(f"/tasks?case_id={case_id}&kind=protect_tenancy").json()["items"][0]["status"]
        == "open"
    )
    # only its author may undo, and only once it is done again
    again = web.post(f"/tasks/{task['id']}/undo", {"back": "/tasks"})
    assert again.status_code == 409


def test_someone_elses_done_task_cannot_be_undone(api, web, db):
    _case_id, task = _protect_tenancy_task(api)
    assert api.post(f"/tasks/{task['id']}/complete", user="durham-hacs").ok
    web.sign_in("admin")
    assert web.post(f"/tasks/{task['id']}/undo", {"back": "/tasks"}).status_code == 409
    assert re.search("durham-hacs|Task", web.get(f"/tasks/{task['id']}/done").text)


def test_a_note_over_the_limit_is_refused_on_the_form_and_kept_and_the_task_stays_open(
    api, web, db
):
    case_id, task = _protect_tenancy_task(api)
    web.sign_in("durham-hacs")
    note = "Rang Tyne Homes. " + "x" * 1000
    page = web.post(f"/tasks/{task['id']}/complete", {"back": "/tasks", "note": note})
    assert page.status_code == 422 and "There is a problem" in page.text
    assert 'href="#note"' in page.text and "1000 characters" in page.text
    assert f">{note}</textarea>" in page.text
    [still] = api.get(f"/tasks?case_id={case_id}&kind=protect_tenancy").json()["items"]
    assert still["status"] == "open"
    assert "Rang Tyne Homes" not in web.get(f"/cases/{case_id}").text
