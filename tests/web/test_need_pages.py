"""Needs on the pages: recorded and updated through the same services as the API, shown by
pathway on the case page and by party on the release plan, drugs and health needs only where
consent allows."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import NOW
from tests.factories import add_need, carat_body, received_case


def _case(api, *, consent: bool = True) -> str:
    case_id = received_case(api, at=NOW - timedelta(days=10), release_in_days=60)
    body = carat_body(consent_share_cjit=consent)
    assert api.post(f"/cases/{case_id}/carat-assessment", json=body).status_code == 201
    return case_id


def test_prison_staff_record_a_need_and_it_shows_under_its_pathway(api, web, db):
    case_id = _case(api)
    web.sign_in("durham-hacs")
    form = web.get(f"/cases/{case_id}/needs/new")
    assert form.status_code == 200 and 'value="finance_id:bank_account"' in form.text
    done = web.post(f"/cases/{case_id}/needs", {"need": "finance_id:bank_account", "owner": "hacs"})
    assert done.status_code == 200 and "Need recorded: Bank account opened" in done.text
    page = web.get(f"/cases/{case_id}").text
    assert 'data-pathway="finance_id"' in page and 'data-need="bank_account"' in page
    assert api.get(f"/cases/{case_id}/needs").json()["items"][0]["created_by"] == "durham-hacs"


def test_a_need_form_without_a_choice_names_each_missing_field(api, web, db):
    case_id = _case(api)
    web.sign_in("durham-hacs")
    web.get(f"/cases/{case_id}/needs/new")
    page = web.post(f"/cases/{case_id}/needs", {"need": "", "owner": ""})
    assert page.status_code == 422 and "There is a problem" in page.text
    assert "Select the need" in page.text and "Select who holds the need" in page.text
    assert api.get(f"/cases/{case_id}/needs").json()["total"] == 0


def test_the_owner_updates_a_need_with_a_note_shown_in_its_history(api, web, db):
    case_id = _case(api)
    need = add_need(api, case_id)
    web.sign_in("durham-hacs")
    page = web.get(f"/cases/{case_id}/needs/{need['id']}")
    assert "Update this need" in page.text
    web.post(f"/cases/{case_id}/needs/{need['id']}", {"status": "in_progress", "note": "Forms in"})
    page = web.get(f"/cases/{case_id}/needs/{need['id']}").text
    assert "Forms in" in page and "In progress" in page
    back = web.post(f"/cases/{case_id}/needs/{need['id']}", {"status": "not_started"})
    assert back.status_code == 422 and "cannot go back to not started" in back.text


def test_a_cjit_worker_sees_no_drugs_or_health_need_without_consent_on_any_page(api, web, db):
    case_id = _case(api, consent=False)
    add_need(api, case_id, pathway="accommodation", need="find_accommodation")
    hidden = add_need(api, case_id, pathway="health", need="gp_registration", owner="probation")
    web.sign_in("newcastle")
    page = web.get(f"/cases/{case_id}").text
    assert "Help to find accommodation" in page and "GP registration" not in page
    assert web.get(f"/cases/{case_id}/needs/{hidden['id']}").status_code == 404
    form = web.get(f"/cases/{case_id}/needs/new").text
    assert "drugs_alcohol:" not in form and "health:" not in form
    plan = web.get(f"/cases/{case_id}/release-plan").text
    assert "GP registration" not in plan


def test_the_release_plan_shows_each_partys_needs(api, web, db):
    case_id = _case(api)
    add_need(api, case_id, pathway="health", need="gp_registration", owner="probation")
    add_need(api, case_id, pathway="finance_id", need="bank_account", owner="hacs")
    web.sign_in("durham-hacs")
    page = web.get(f"/cases/{case_id}/release-plan").text
    probation = page.split('data-testid="party-needs-probation"')[1].split("</ul>")[0]
    assert "GP registration" in probation and "Bank account" not in probation
    assert "Bank account opened" in page.split('data-testid="party-needs-hacs"')[1]
