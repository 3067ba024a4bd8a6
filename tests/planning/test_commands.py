"""The jointly prepared release plan over real HTTP: sections per party, sign-off by the required
parties, agreement, new versions after a change, and refusals naming the party or the rule."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from tests.conftest import NOW
from tests.factories import PLAN_WRITERS, follow_up, received_case, section_body

WRITER = PLAN_WRITERS


def _write(api, case_id, party, body=None, user=None):
    return api.put(
        f"/cases/{case_id}/release-plan/sections/{party}",
        json=body or section_body(f"{party} part"),
        user=user or WRITER[party],
    )


def _sign(api, case_id, party, user=None):
    return api.post(
        f"/cases/{case_id}/release-plan/sign", json={"party": party}, user=user or WRITER[party]
    )


def _agreed_plan(api, case_id, parties=("hacs", "carat", "cjit")):
    for party in parties:
        assert _write(api, case_id, party).status_code == 200
    for party in parties:
        assert _sign(api, case_id, party).status_code == 200
    return api.get(f"/cases/{case_id}/release-plan").json()


def _stage(api, case_id):
    return api.get(f"/cases/{case_id}").json()["stage"]


def test_the_first_section_opens_plan_version_one_and_moves_to_release_planning(api, db):
    case_id = received_case(api, at=NOW)
    r = _write(api, case_id, "hacs", section_body("Hostel bed booked", first_night_address="X"))
    assert r.status_code == 200, r.text
    plan = r.json()
    assert (plan["version"], plan["status"], plan["episode"]) == (1, "draft", 1)
    assert plan["sections"]["hacs"]["summary"] == "Hostel bed booked"
    assert plan["sections"]["hacs"]["updated_by"] == "durham-hacs"
    assert plan["required_signers"] == ["hacs", "carat", "cjit"]
    assert plan["unsigned"] == ["hacs", "carat", "cjit"]
    assert _stage(api, case_id) == "release_planning"


def test_every_required_signature_agrees_the_plan(api, db):
    case_id = received_case(api, at=NOW)
    plan = _agreed_plan(api, case_id)
    assert plan["status"] == "agreed" and plan["agreed_at"] is not None
    assert plan["unsigned"] == []
    assert {s["party"] for s in plan["signatures"]} == {"hacs", "carat", "cjit"}
    assert _stage(api, case_id) == "plan_agreed"
    kinds = [e["kind"] for e in api.get(f"/cases/{case_id}").json()["timeline"]]
    assert kinds.count("release_plan_signed") == 3 and "release_plan_agreed" in kinds


def test_probation_must_also_sign_when_the_person_will_be_on_licence(api, db):
    case_id = received_case(api, at=NOW, on_licence=True)
    for party in ("hacs", "carat", "cjit"):
        _write(api, case_id, party)
        _sign(api, case_id, party)
    plan = api.get(f"/cases/{case_id}/release-plan").json()
    assert plan["status"] == "draft" and plan["unsigned"] == ["probation"]
    _write(api, case_id, "probation")
    assert _sign(api, case_id, "probation").json()["status"] == "agreed"


def test_signing_for_a_party_with_no_section_yet_names_the_party(api, db):
    case_id = received_case(api, at=NOW)
    r = _sign(api, case_id, "hacs")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "party"]
    _write(api, case_id, "hacs")
    r = _sign(api, case_id, "cjit")
    assert r.status_code == 422 and "not been written" in r.json()["detail"][0]["msg"]


def test_probation_cannot_sign_for_a_person_not_on_licence(api, db):
    case_id = received_case(api, at=NOW)
    assert _write(api, case_id, "probation").status_code == 200
    r = _sign(api, case_id, "probation")
    assert r.status_code == 422 and "on licence" in r.json()["detail"][0]["msg"]


def test_signing_twice_is_a_conflict(api, db):
    case_id = received_case(api, at=NOW)
    _write(api, case_id, "hacs")
    assert _sign(api, case_id, "hacs").status_code == 200
    r = _sign(api, case_id, "hacs")
    assert r.status_code == 409 and "already signed" in r.json()["detail"]


def test_a_change_after_agreement_makes_a_new_version_to_sign_again(api, db):
    case_id = received_case(api, at=NOW)
    _agreed_plan(api, case_id)
    r = _write(api, case_id, "cjit", section_body("First appointment moved"))
    plan = r.json()
    assert (plan["version"], plan["status"], plan["signatures"]) == (2, "draft", [])
    assert plan["sections"]["cjit"]["summary"] == "First appointment moved"
    assert plan["sections"]["hacs"]["summary"] == "hacs part"  # copied over
    [v1] = plan["previous_versions"]
    assert (v1["version"], v1["status"]) == (1, "superseded")
    assert v1["sections"]["cjit"]["summary"] == "cjit part" and len(v1["signatures"]) == 3
    assert _stage(api, case_id) == "release_planning"
    for party in ("hacs", "carat", "cjit"):
        _sign(api, case_id, party)
    assert _stage(api, case_id) == "plan_agreed"


def test_rewriting_a_draft_section_removes_only_that_party_s_signature(api, db):
    case_id = received_case(api, at=NOW)
    for party in ("hacs", "carat"):
        _write(api, case_id, party)
        _sign(api, case_id, party)
    plan = _write(api, case_id, "carat", section_body("Script moved to day 2")).json()
    assert [s["party"] for s in plan["signatures"]] == ["hacs"]
    assert plan["version"] == 1


def test_each_party_writes_only_its_own_section(api, db):
    case_id = received_case(api, at=NOW)
    assert _write(api, case_id, "cjit", user="durham-hacs").status_code == 403
    assert _write(api, case_id, "hacs", user="newcastle").status_code == 403
    assert _write(api, case_id, "hacs", user="rom-ne").status_code == 403
    assert _write(api, case_id, "hacs", user="pentonville").status_code == 404
    assert _write(api, case_id, "cjit", user="cardiff").status_code == 404
    assert _write(api, case_id, "cjit", user="admin").status_code == 200
    _write(api, case_id, "hacs")
    assert _sign(api, case_id, "hacs", user="newcastle").status_code == 403


def test_a_bad_section_names_the_field_and_stores_nothing(api, db):
    case_id = received_case(api, at=NOW)
    r = _write(api, case_id, "hacs", {"content": {}})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "content"]
    body = {"content": {"appointments": [{"what": "GP", "when": "next Tuesday"}]}}
    r = _write(api, case_id, "hacs", body)
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "content", "appointments", 0, "when"]
    assert _write(api, case_id, "governor", user="durham-hacs").status_code == 422
    assert api.get(f"/cases/{case_id}/release-plan").status_code == 404
    assert _stage(api, case_id) == "received"


def test_appointments_with_a_date_or_an_offset_time_are_kept(api, db):
    case_id = received_case(api, at=NOW)
    when = (NOW + timedelta(days=40)).isoformat()
    appointments = [{"what": "CJIT assessment", "when": when, "where": "Newcastle CJIT"}]
    r = _write(api, case_id, "cjit", {"content": {"appointments": appointments}})
    assert r.status_code == 200
    assert r.json()["sections"]["cjit"]["appointments"] == appointments


def test_the_plan_is_written_only_in_custody(api, db):
    case_id = received_case(api, at=NOW, prison_number_="E1234FG")
    _write(api, case_id, "hacs")
    api.post("/events", json=follow_up("release", number="E1234FG", at=NOW))
    assert _write(api, case_id, "carat").status_code == 409
    assert _sign(api, case_id, "hacs").status_code == 409
    assert api.get(f"/cases/{case_id}/release-plan").json()["sections"]["hacs"]


def test_reading_the_plan_is_scoped(api, db):
    case_id = received_case(api, at=NOW)
    _write(api, case_id, "hacs")
    assert api.get(f"/cases/{case_id}/release-plan", user="rom-ne").status_code == 200
    assert api.get(f"/cases/{case_id}/release-plan", user="rom-ln").status_code == 404


def test_the_last_two_parties_signing_at_once_still_agree_the_plan(api, db):
    case_id = received_case(api, at=NOW)
    for party in ("hacs", "carat", "cjit"):
        _write(api, case_id, party)
    _sign(api, case_id, "hacs")
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda p: _sign(api, case_id, p), ["carat", "cjit"]))
    assert [r.status_code for r in results] == [200, 200]
    assert api.get(f"/cases/{case_id}/release-plan").json()["status"] == "agreed"
    assert _stage(api, case_id) == "plan_agreed"


def test_the_same_party_signing_twice_at_once_is_one_signature_and_one_conflict(api, db):
    case_id = received_case(api, at=NOW)
    _write(api, case_id, "hacs")
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda _: _sign(api, case_id, "hacs"), range(2)))
    assert sorted(r.status_code for r in results) == [200, 409]
    assert len(api.get(f"/cases/{case_id}/release-plan").json()["signatures"]) == 1


def _licence_changes(api, number, on_licence):
    event = follow_up(
        "release_date_set",
        number=number,
        at=NOW + timedelta(hours=1),
        release_date=(NOW + timedelta(days=120)).date().isoformat(),
        on_licence=on_licence,
    )
    assert api.post("/events", json=event).status_code == 201


def test_an_agreed_plan_goes_back_to_draft_when_the_person_will_be_on_licence_after_all(api, db):
    case_id = received_case(api, at=NOW, prison_number_="L1234AA", on_licence=False)
    assert _agreed_plan(api, case_id)["status"] == "agreed"
    _licence_changes(api, "L1234AA", on_licence=True)
    plan = api.get(f"/cases/{case_id}/release-plan").json()
    assert (plan["status"], plan["unsigned"]) == ("draft", ["probation"])
    assert _stage(api, case_id) == "release_planning"
    timeline = api.get(f"/cases/{case_id}").json()["timeline"]
    assert [e["kind"] for e in timeline][-3:] == [
        "release_date_set",
        "stage_changed",
        "release_plan_reopened",
    ]
    _write(api, case_id, "probation")
    assert _sign(api, case_id, "probation").json()["status"] == "agreed"
    assert _stage(api, case_id) == "plan_agreed"


def test_a_plan_waiting_only_for_probation_is_agreed_when_the_licence_falls_away(api, db):
    case_id = received_case(api, at=NOW, prison_number_="L1234AB", on_licence=True)
    plan = _agreed_plan(api, case_id)  # HACS, CARAT and the CJIT sign; probation has not
    assert (plan["status"], plan["unsigned"]) == ("draft", ["probation"])
    _licence_changes(api, "L1234AB", on_licence=False)
    plan = api.get(f"/cases/{case_id}/release-plan").json()
    assert (plan["status"], plan["unsigned"]) == ("agreed", [])
    assert _stage(api, case_id) == "plan_agreed"


def test_the_same_licence_again_leaves_the_plan_as_it_was(api, db):
    case_id = received_case(api, at=NOW, prison_number_="L1234AC", on_licence=False)
    before = _agreed_plan(api, case_id)
    _licence_changes(api, "L1234AC", on_licence=False)
    assert api.get(f"/cases/{case_id}/release-plan").json() == before
