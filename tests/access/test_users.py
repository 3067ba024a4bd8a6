"""Users: teams, the feed, listing, disabling and rotating tokens (CLI and the admin's page),
tokens that expire; consents that say how and when; special-category fields marked."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import SQLModel
from typer.testing import CliRunner

from resettlement import clock
from resettlement.cli.main import app
from resettlement.storage.types import special_category_columns
from tests.conftest import NOW
from tests.factories import carat_body, received_case, release_event


def _cli(*args: str):
    return CliRunner().invoke(app, list(args))


def test_a_prison_user_is_added_with_a_team_and_listed(db):
    added = _cli(
        "users", "add", "j.smith", "--role", "prison_staff", "--scope", "DMI", "--team", "carat"
    )
    assert added.exit_code == 0, added.output
    token = added.output.strip().splitlines()[-1]
    assert len(token) > 30 and " " not in token
    listed = _cli("users", "list")
    assert "j.smith" in listed.output and "carat" in listed.output and "active" in listed.output
    refused = _cli("users", "add", "r.jones", "--role", "rom", "--scope", "NE", "--team", "hacs")
    assert refused.exit_code == 2 and "team" in refused.output


def test_a_disabled_user_s_token_and_web_session_stop_at_once(api, web, db):
    web.sign_in("durham")
    assert api.get("/cases", user="durham").status_code == 200
    assert _cli("users", "disable", "durham").exit_code == 0
    assert api.get("/cases", user="durham").status_code == 401
    assert web.get("/cases", allow_redirects=False).status_code == 303


def test_a_rotated_token_replaces_the_old_one_which_answers_401(api, db):
    old = api.tokens["rom-ne"]
    result = _cli("users", "rotate-token", "rom-ne")
    assert result.exit_code == 0, result.output
    new = result.output.strip().splitlines()[-1]
    assert (
        api.get("/cases", headers={"Authorization": f"Bearer {old}"}, user=None).status_code == 401
    )
    assert (
        api.get("/cases", headers={"Authorization": f"Bearer {new}"}, user=None).status_code == 200
    )


def test_an_api_token_expires_after_the_policy_period(api, db):
    with clock.frozen_at(NOW + timedelta(days=91)):
        assert api.get("/cases", user="rom-ne").status_code == 401
    assert api.get("/cases", user="rom-ne").status_code == 200


def test_the_admin_users_page_lists_adds_rotates_and_disables(api, web, db):
    web.sign_in("admin")
    page = web.get("/users")
    assert page.status_code == 200 and 'data-username="durham-hacs"' in page.text
    assert "API token expires" in page.text
    added = web.post(
        "/users", {"username": "p.one", "role": "prison_staff", "scope": "DMI", "team": "probation"}
    )
    assert added.status_code == 200 and 'data-testid="new-token"' in added.text
    rotated = web.post("/users/rom-ne/rotate-token", {"confirm": "yes"})
    assert 'data-testid="new-token"' in rotated.text
    assert api.get("/cases", user="rom-ne").status_code == 401
    web.post("/users/newcastle/disable", {})
    assert api.get("/cases", user="newcastle").status_code == 401
    web.sign_in("durham")
    assert web.get("/users").status_code == 403


def test_a_consent_says_how_and_when_and_its_withdrawal_after_handover_tells_the_cjit(api, db):
    case_id = received_case(api, at=NOW - timedelta(days=20))
    obtained = (NOW - timedelta(days=2)).isoformat()
    body = carat_body(consent_method="written", consent_obtained_at=obtained)
    assert api.post(f"/cases/{case_id}/carat-assessment", json=body, user="durham-carat").ok
    [consent] = api.get(f"/cases/{case_id}").json()["consents"]
    assert consent["method"] == "written" and consent["obtained_at"].startswith(obtained[:19])
    number = api.get(f"/cases/{case_id}").json()["prison_number"]
    assert api.post("/events", json=release_event(number, at=NOW - timedelta(hours=3))).ok
    url = f"/cases/{case_id}/consents/{consent['id']}/withdraw"
    withdrawn = api.post(url, json={"method": "by_phone"}, user="durham-carat").json()
    assert (
        withdrawn["withdrawal_method"] == "by_phone" and withdrawn["withdrawn_by"] == "durham-carat"
    )
    case = api.get(f"/cases/{case_id}", user="newcastle").json()
    [task] = [t for t in case["tasks"] if t["kind"] == "consent_withdrawn"]
    assert task["team"] == "cjit" and task["status"] == "open"
    told = [e for e in case["timeline"] if e["kind"] == "cjit_told_consent_withdrawn"]
    assert told and told[0]["data"]["area"] == "E08000021"


def test_a_consent_obtained_in_the_future_is_refused(api, db):
    case_id = received_case(api, at=NOW)
    body = carat_body(consent_obtained_at=(NOW + timedelta(days=1)).isoformat())
    r = api.post(f"/cases/{case_id}/carat-assessment", json=body, user="durham-carat")
    assert r.status_code == 422 and "consent_obtained_at" in r.text


def test_the_same_assessment_sent_twice_with_one_key_is_recorded_once(api, db):
    case_id = received_case(api, at=NOW)
    headers = {"Idempotency-Key": "form-123"}
    first = api.post(
        f"/cases/{case_id}/carat-assessment",
        json=carat_body(),
        headers=headers,
        user="durham-carat",
    )
    again = api.post(
        f"/cases/{case_id}/carat-assessment",
        json=carat_body(),
        headers=headers,
        user="durham-carat",
    )
    assert first.json()["id"] == again.json()["id"]
    assert len(api.get(f"/cases/{case_id}").json()["assessments"]) == 1


def test_special_category_fields_are_marked_in_the_model():
    marked = special_category_columns(SQLModel.metadata)
    assert {
        "case.spectrum_stage",
        "assessment.data",
        "plan_section.content",
        "handover.packet",
        "need.need",
        "need_update.note",
    } <= set(marked)
    assert all("art. 9" in what or "health" in what for what in marked.values())
