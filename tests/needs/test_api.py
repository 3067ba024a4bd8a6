"""Needs through the API: recorded from the catalogue by the owner's team, updated with dated
notes, seen by each role as consent allows, carried to the CJIT at release."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import NOW
from tests.factories import (
    add_need,
    carat_body,
    need_body,
    received_case,
    release_event,
)


def _case(api, *, consent: bool) -> str:
    case_id = received_case(api, at=NOW - timedelta(days=10), release_in_days=60)
    body = carat_body(consent_share_cjit=consent)
    assert api.post(f"/cases/{case_id}/carat-assessment", json=body).status_code == 201
    return case_id


def test_a_new_need_starts_not_started_with_its_first_dated_update(api, db):
    case_id = _case(api, consent=True)
    need = add_need(api, case_id, user="durham-hacs")
    assert need["status"] == "not_started" and need["owner"] == "hacs"
    assert need["title"] == "Bank account opened"
    assert [u["by"] for u in need["updates"]] == ["durham-hacs"]
    listed = api.get(f"/cases/{case_id}/needs").json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == need["id"]
    assert api.get(f"/cases/{case_id}").json()["needs"][0]["id"] == need["id"]


def test_a_need_not_in_the_catalogue_of_its_pathway_is_refused_naming_the_field(api, db):
    case_id = _case(api, consent=True)
    body = need_body(pathway="health", need="bank_account")
    response = api.post(f"/cases/{case_id}/needs", json=body)
    assert response.status_code == 422 and "need" in response.text
    response = api.post(f"/cases/{case_id}/needs", json=need_body(pathway="space"))
    assert response.status_code == 422 and "pathway" in response.text


def test_the_same_need_twice_in_one_custody_episode_is_a_conflict(api, db):
    case_id = _case(api, consent=True)
    add_need(api, case_id)
    assert api.post(f"/cases/{case_id}/needs", json=need_body()).status_code == 409


def test_only_the_owners_team_records_and_updates_a_need(api, db):
    case_id = _case(api, consent=True)
    url = f"/cases/{case_id}/needs"
    for user in ("newcastle", "rom-ne", "durham", "durham-carat", "feed"):
        assert api.post(url, json=need_body(owner="hacs"), user=user).status_code == 403, user
    need = add_need(api, case_id, user="durham-hacs")
    for user in ("newcastle", "durham-probation"):
        put = api.put(f"{url}/{need['id']}", json={"status": "met"}, user=user)
        assert put.status_code == 403, user
    cjit = add_need(
        api,
        case_id,
        user="newcastle",
        pathway="drugs_alcohol",
        need="previous_services",
        owner="cjit",
    )
    assert cjit["owner"] == "cjit"
    assert api.get(url, user="durham").status_code == 200  # a prison user without a team reads


def test_an_update_is_dated_with_who_made_it_and_work_never_goes_back_to_not_started(api, db):
    case_id = _case(api, consent=True)
    need = add_need(api, case_id)
    url = f"/cases/{case_id}/needs/{need['id']}"
    done = api.put(
        url, json={"status": "in_progress", "note": "Form sent"}, user="durham-hacs"
    ).json()
    assert done["status"] == "in_progress" and done["updated_by"] == "durham-hacs"
    assert [(u["status"], u["note"]) for u in done["updates"]] == [
        ("not_started", None),
        ("in_progress", "Form sent"),
    ]
    assert api.put(url, json={"status": "not_started"}).status_code == 409


def test_a_cjit_worker_sees_accommodation_needs_but_drugs_and_health_needs_only_with_consent(
    api, db
):
    for consent in (False, True):
        case_id = _case(api, consent=consent)
        add_need(api, case_id, pathway="accommodation", need="find_accommodation")
        add_need(api, case_id, pathway="health", need="gp_registration", owner="probation")
        add_need(api, case_id, pathway="drugs_alcohol", need="naloxone", owner="carat")
        seen = {
            n["pathway"]
            for n in api.get(f"/cases/{case_id}/needs", user="newcastle").json()["items"]
        }
        expected = {"accommodation", "health", "drugs_alcohol"} if consent else {"accommodation"}
        assert seen == expected
        detail = api.get(f"/cases/{case_id}", user="newcastle").json()
        assert {n["pathway"] for n in detail["needs"]} == expected
        assert ("gp registration" in str(detail["timeline"]).lower().replace("_", " ")) == consent


def test_without_consent_a_cjit_worker_may_neither_record_nor_find_a_drugs_need(api, db):
    case_id = _case(api, consent=False)
    hidden = add_need(api, case_id, pathway="drugs_alcohol", need="naloxone", owner="carat")
    body = need_body(pathway="drugs_alcohol", need="previous_services", owner="cjit")
    assert api.post(f"/cases/{case_id}/needs", json=body, user="newcastle").status_code == 403
    put = api.put(
        f"/cases/{case_id}/needs/{hidden['id']}", json={"status": "met"}, user="newcastle"
    )
    assert put.status_code == 404


def test_a_rom_reads_needs_but_not_carats_notes_on_them(api, db):
    case_id = _case(api, consent=True)
    need = add_need(api, case_id, pathway="drugs_alcohol", need="naloxone", owner="carat")
    url = f"/cases/{case_id}/needs/{need['id']}"
    assert (
        api.put(
            url, json={"status": "in_progress", "note": "CARATWORDS"}, user="durham-carat"
        ).status_code
        == 200
    )
    text = api.get(f"/cases/{case_id}/needs", user="rom-ne").text
    assert "naloxone" in text and "CARATWORDS" not in text
    assert "CARATWORDS" in api.get(f"/cases/{case_id}/needs", user="durham").text


def test_needs_still_open_at_release_travel_in_the_packet_drugs_and_health_only_with_consent(
    api, db
):
    for consent in (False, True):
        case_id = _case(api, consent=consent)
        met = add_need(api, case_id, pathway="finance_id", need="birth_certificate")
        api.put(f"/cases/{case_id}/needs/{met['id']}", json={"status": "met"})
        add_need(api, case_id, pathway="finance_id", need="bank_account")
        add_need(api, case_id, pathway="health", need="gp_registration", owner="probation")
        number = api.get(f"/cases/{case_id}").json()["prison_number"]
        assert api.post("/events", json=release_event(number, at=NOW)).status_code == 201
        packet = api.get(f"/cases/{case_id}").json()["handover"]["packet"]
        needs = {n["need"] for n in packet["open_needs"]}
        assert needs == ({"bank_account", "gp_registration"} if consent else {"bank_account"})
        cjit = api.get(f"/cases/{case_id}", user="newcastle").json()["handover"]["packet"]
        assert {n["need"] for n in cjit["open_needs"]} == needs
