"""POST /cases/{id}/hacs-assessment over real HTTP: housing at reception, the tenancy rule,
the duty to refer, stage moves, refusals naming the field, and who may record it."""

from datetime import timedelta

import pytest

from tests.conftest import NOW
from tests.factories import FAR_AREA, follow_up, hacs_body, received_case, tenancy


def _case(api, case_id):
    return api.get(f"/cases/{case_id}").json()


def _tasks(case, kind):
    return [t for t in case["tasks"] if t["kind"] == kind]


def _post(api, case_id, body, user="durham-hacs"):
    return api.post(f"/cases/{case_id}/hacs-assessment", json=body, user=user)


def test_recording_it_closes_the_due_task_sets_housing_and_moves_the_case_to_assessed(api, db):
    case_id = received_case(api, at=NOW)
    r = _post(api, case_id, hacs_body(housing_status="rough_sleeping"))
    assert r.status_code == 201, r.text
    assert r.json()["stage"] == "assessed"
    assert r.json()["tasks_closed"] == ["hacs_assessment_due"]
    case = _case(api, case_id)
    assert case["stage"] == "assessed" and case["housing_status"] == "rough_sleeping"
    [due] = _tasks(case, "hacs_assessment_due")
    assert due["status"] == "done" and due["completed_by"] == "durham-hacs"
    assert [a["kind"] for a in case["assessments"]] == ["hacs"]
    assert "hacs_assessment_recorded" in [e["kind"] for e in case["timeline"]]


def test_a_tenancy_for_a_short_stay_raises_protect_tenancy_for_hacs(api, db):
    case_id = received_case(api, at=NOW, release_in_days=60)
    r = _post(api, case_id, hacs_body(housing_status="settled", tenancy=tenancy()))
    assert r.json()["tasks_raised"] == ["protect_tenancy"]
    [task] = _tasks(_case(api, case_id), "protect_tenancy")
    assert task["team"] == "hacs" and task["status"] == "open"
    assert task["due_at"].startswith((NOW + timedelta(days=7)).date().isoformat())
    assert r.json()["data"]["tenancy_advice"]["weeks_away"] == pytest.approx(60 / 7, abs=0.1)


def test_a_tenancy_for_a_long_stay_raises_end_tenancy_safely(api, db):
    case_id = received_case(api, at=NOW, release_in_days=120)
    r = _post(api, case_id, hacs_body(housing_status="settled", tenancy=tenancy()))
    assert r.json()["tasks_raised"] == ["end_tenancy_safely"]
    assert _tasks(_case(api, case_id), "protect_tenancy") == []


def test_remand_before_reception_counts_and_a_re_recording_swaps_the_tenancy_task(api, db):
    case_id = received_case(api, at=NOW, release_in_days=70)
    _post(api, case_id, hacs_body(tenancy=tenancy()))
    remand = (NOW - timedelta(days=40)).date().isoformat()
    r = _post(api, case_id, hacs_body(tenancy=tenancy(custody_start=remand)))
    assert r.json()["tasks_raised"] == ["end_tenancy_safely"]
    assert "protect_tenancy" in r.json()["tasks_closed"]
    case = _case(api, case_id)
    assert [t["status"] for t in _tasks(case, "protect_tenancy")] == ["closed"]
    assert [t["status"] for t in _tasks(case, "end_tenancy_safely")] == ["open"]
    assert [a["kind"] for a in case["assessments"]] == ["hacs", "hacs"]


def test_without_a_release_date_no_tenancy_task_is_raised_and_the_response_says_why(api, db):
    case_id = received_case(api, at=NOW, release_in_days=None)
    r = _post(api, case_id, hacs_body(tenancy=tenancy()))
    assert r.status_code == 201 and r.json()["tasks_raised"] == []
    assert any("no release date" in m for m in r.json()["messages"])
    event = [e for e in _case(api, case_id)["timeline"] if e["kind"] == "hacs_assessment_recorded"]
    assert any("no release date" in m for m in event[0]["data"]["messages"])


def test_threatened_with_homelessness_and_consenting_raises_duty_to_refer_with_a_consent(api, db):
    case_id = received_case(api, at=NOW)
    body = hacs_body(threatened_with_homelessness=True, duty_to_refer_consent=True)
    r = _post(api, case_id, body)
    assert r.json()["tasks_raised"] == ["duty_to_refer"]
    case = _case(api, case_id)
    [consent] = case["consents"]
    assert consent["kind"] == "duty_to_refer" and consent["given"] is True
    assert consent["recorded_by"] == "durham-hacs" and "local housing authority" in consent["scope"]
    [task] = _tasks(case, "duty_to_refer")
    assert task["due_at"].startswith((NOW + timedelta(days=2)).date().isoformat())


def test_threatened_without_consent_raises_no_referral_and_notes_it_on_the_timeline(api, db):
    case_id = received_case(api, at=NOW)
    r = _post(api, case_id, hacs_body(threatened_with_homelessness=True))
    assert r.json()["tasks_raised"] == []
    case = _case(api, case_id)
    assert _tasks(case, "duty_to_refer") == []
    [event] = [e for e in case["timeline"] if e["kind"] == "hacs_assessment_recorded"]
    assert any("no consent to refer" in m for m in event["data"]["messages"])


def test_re_recording_as_not_threatened_closes_the_open_referral_task(api, db):
    case_id = received_case(api, at=NOW)
    _post(api, case_id, hacs_body(threatened_with_homelessness=True, duty_to_refer_consent=True))
    r = _post(api, case_id, hacs_body(housing_status="settled"))
    assert r.json()["tasks_closed"] == ["duty_to_refer"]
    assert [t["status"] for t in _tasks(_case(api, case_id), "duty_to_refer")] == ["closed"]


def test_a_new_destination_area_is_recorded_on_the_case(api, db):
    case_id = received_case(api, at=NOW)
    _post(api, case_id, hacs_body(destination_area=FAR_AREA))
    assert _case(api, case_id)["destination_area"] == FAR_AREA


def test_an_unknown_area_and_a_custody_start_after_reception_are_each_named(api, db):
    case_id = received_case(api, at=NOW)
    later = (NOW + timedelta(days=3)).date().isoformat()
    body = hacs_body(destination_area="E99999999", tenancy=tenancy(custody_start=later))
    r = _post(api, case_id, body)
    assert r.status_code == 422
    assert {tuple(d["loc"]) for d in r.json()["detail"]} == {
        ("body", "destination_area"),
        ("body", "tenancy", "custody_start"),
    }
    case = _case(api, case_id)
    assert case["assessments"] == [] and case["stage"] == "received"
    assert _tasks(case, "hacs_assessment_due")[0]["status"] == "open"


def test_missing_and_unknown_fields_are_named(api, db):
    case_id = received_case(api, at=NOW)
    r = _post(api, case_id, {"housing_status": "castle", "colour": "red"})
    assert r.status_code == 422
    named = {d["loc"][-1] for d in r.json()["detail"]}
    assert {"housing_status", "threatened_with_homelessness", "colour"} <= named
    r = _post(api, case_id, hacs_body(tenancy=tenancy(rent_weekly="-5")))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "rent_weekly"


def test_only_prison_staff_of_the_case_s_prison_or_an_admin_may_record_it(api, db):
    case_id = received_case(api, at=NOW)
    assert _post(api, case_id, hacs_body(), user="pentonville").status_code == 404
    assert _post(api, case_id, hacs_body(), user="rom-ne").status_code == 403
    assert _post(api, case_id, hacs_body(), user="newcastle").status_code == 403
    assert _post(api, case_id, hacs_body(), user=None).status_code == 401
    assert _case(api, case_id)["assessments"] == []
    assert _post(api, case_id, hacs_body(), user="admin").status_code == 201


def test_an_unknown_case_is_not_found(api, db):
    assert _post(api, "no-such-case", hacs_body()).status_code == 404


def test_a_released_case_can_no_longer_be_assessed_at_reception(api, db):
    event_case = received_case(api, at=NOW, prison_number_="B1234CD")
    api.post("/events", json=follow_up("release", number="B1234CD", at=NOW))
    r = _post(api, event_case, hacs_body())
    assert r.status_code == 409 and "not in custody" in r.json()["detail"]


def test_a_release_date_set_after_the_assessment_applies_the_housing_benefit_rule(api, db):
    case_id = received_case(api, at=NOW, release_in_days=None)
    _post(api, case_id, hacs_body(tenancy=tenancy()))
    number = _case(api, case_id)["prison_number"]
    release = (NOW + timedelta(days=50)).date().isoformat()
    r = api.post(
        "/events", json=follow_up("release_date_set", number=number, at=NOW, release_date=release)
    )
    assert r.status_code == 201, r.text
    case = _case(api, case_id)
    assert [t["status"] for t in _tasks(case, "protect_tenancy")] == ["open"]
    assert case["timeline"][-1]["data"]["tasks_raised"] == ["protect_tenancy"]
    later = (NOW + timedelta(days=200)).date().isoformat()
    api.post(
        "/events", json=follow_up("release_date_set", number=number, at=NOW, release_date=later)
    )
    case = _case(api, case_id)
    assert [t["status"] for t in _tasks(case, "protect_tenancy")] == ["closed"]
    assert [t["status"] for t in _tasks(case, "end_tenancy_safely")] == ["open"]
