"""POST /cases/{id}/carat-assessment and consent withdrawal over real HTTP: triage, spectrum of
need, the consent to share with the CJIT (who, when, scope; withdrawable), and stage moves."""

from tests.conftest import NOW
from tests.factories import carat_body, follow_up, hacs_body, received_case, section_body


def _case(api, case_id):
    return api.get(f"/cases/{case_id}").json()


def _carat(api, case_id, body=None, user="durham-carat"):
    return api.post(f"/cases/{case_id}/carat-assessment", json=body or carat_body(), user=user)


def _hacs(api, case_id):
    r = api.post(f"/cases/{case_id}/hacs-assessment", json=hacs_body(), user="durham-hacs")
    assert r.status_code == 201, r.text


def test_recording_it_sets_spectrum_and_consent_and_closes_the_triage_task(api, db):
    case_id = received_case(api, at=NOW)
    r = _carat(api, case_id, carat_body(triage_outcome="comprehensive_assessment"))
    assert r.status_code == 201, r.text
    assert r.json()["tasks_closed"] == ["carat_triage_due"]
    case = _case(api, case_id)
    assert case["spectrum_stage"] == "in_treatment" and case["consent_share_cjit"] is True
    [task] = [t for t in case["tasks"] if t["kind"] == "carat_triage_due"]
    assert task["status"] == "done" and task["completed_by"] == "durham-carat"
    assert case["assessments"][0]["data"]["triage_outcome"] == "comprehensive_assessment"


def test_the_consent_to_share_records_who_when_and_what_is_shared(api, db):
    case_id = received_case(api, at=NOW)
    _carat(api, case_id)
    [consent] = _case(api, case_id)["consents"]
    assert consent["kind"] == "share_cjit" and consent["given"] is True
    assert consent["recorded_by"] == "durham-carat" and consent["withdrawn_at"] is None
    assert consent["recorded_at"].startswith(NOW.date().isoformat())
    assert "spectrum of need stage" in consent["scope"] and "CARAT section" in consent["scope"]


def test_carat_alone_leaves_a_received_case_where_it_is(api, db):
    case_id = received_case(api, at=NOW)
    assert _carat(api, case_id).json()["stage"] == "received"


def test_both_assessments_move_the_case_to_case_managed_in_either_order(api, db):
    first = received_case(api, at=NOW)
    _hacs(api, first)
    assert _carat(api, first).json()["stage"] == "case_managed"
    second = received_case(api, at=NOW)
    _carat(api, second)
    _hacs(api, second)
    assert _case(api, second)["stage"] == "case_managed"
    moves = [
        e["data"]["to"] for e in _case(api, second)["timeline"] if e["kind"] == "stage_changed"
    ]
    assert moves == ["case_managed"]


def test_a_case_already_planning_its_release_stays_there(api, db):
    case_id = received_case(api, at=NOW)
    api.put(f"/cases/{case_id}/release-plan/sections/hacs", json=section_body(), user="durham-hacs")
    _hacs(api, case_id)
    _carat(api, case_id)
    assert _case(api, case_id)["stage"] == "release_planning"


def test_re_recording_without_consent_withdraws_it_and_records_the_refusal(api, db):
    case_id = received_case(api, at=NOW)
    _carat(api, case_id)
    _carat(api, case_id, carat_body(consent_share_cjit=False, spectrum_stage=None))
    case = _case(api, case_id)
    assert case["consent_share_cjit"] is False and case["spectrum_stage"] is None
    given, refused = sorted(case["consents"], key=lambda c: c["given"], reverse=True)
    assert given["withdrawn_at"] is not None and refused["given"] is False
    _carat(api, case_id, carat_body(consent_share_cjit=False))
    assert len(_case(api, case_id)["consents"]) == 2


def test_withdrawing_the_share_consent_clears_it_on_the_case_and_is_on_the_timeline(api, db):
    case_id = received_case(api, at=NOW)
    _carat(api, case_id)
    [consent] = _case(api, case_id)["consents"]
    r = api.post(f"/cases/{case_id}/consents/{consent['id']}/withdraw", user="newcastle")
    assert r.status_code == 200, r.text
    assert r.json()["withdrawn_at"] is not None
    case = _case(api, case_id)
    assert case["consent_share_cjit"] is False
    assert case["timeline"][-1]["kind"] == "consent_withdrawn"
    again = api.post(f"/cases/{case_id}/consents/{consent['id']}/withdraw", user="durham-carat")
    assert again.status_code == 409


def test_withdrawing_the_consent_to_refer_closes_a_referral_not_yet_made(api, db):
    case_id = received_case(api, at=NOW)
    body = hacs_body(threatened_with_homelessness=True, duty_to_refer_consent=True)
    api.post(f"/cases/{case_id}/hacs-assessment", json=body, user="durham-hacs")
    [consent] = _case(api, case_id)["consents"]
    api.post(f"/cases/{case_id}/consents/{consent['id']}/withdraw", user="durham-carat")
    [task] = [t for t in _case(api, case_id)["tasks"] if t["kind"] == "duty_to_refer"]
    assert task["status"] == "closed"


def test_a_consent_of_another_case_or_a_refusal_cannot_be_withdrawn(api, db):
    case_id = received_case(api, at=NOW)
    other = received_case(api, at=NOW)
    _carat(api, case_id, carat_body(consent_share_cjit=False))
    _carat(api, other)
    [refusal] = _case(api, case_id)["consents"]
    [given] = _case(api, other)["consents"]
    assert api.post(f"/cases/{case_id}/consents/{refusal['id']}/withdraw").status_code == 409
    assert api.post(f"/cases/{case_id}/consents/{given['id']}/withdraw").status_code == 404


def test_an_unknown_spectrum_stage_is_named_and_nothing_is_stored(api, db):
    case_id = received_case(api, at=NOW)
    r = _carat(api, case_id, carat_body(spectrum_stage="sober-ish"))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "spectrum_stage"]
    assert _case(api, case_id)["assessments"] == []


def test_a_rom_may_not_record_it_and_a_cjit_worker_may_not_either(api, db):
    case_id = received_case(api, at=NOW)
    assert _carat(api, case_id, user="rom-ne").status_code == 403
    assert _carat(api, case_id, user="newcastle").status_code == 403
    assert _carat(api, case_id, user="pentonville").status_code == 404
    case = _case(api, case_id)
    assert case["consents"] == [] and case["assessments"] == []


def test_a_withdrawn_case_refuses_it(api, db):
    case_id = received_case(api, at=NOW, prison_number_="C1234DE")
    api.post("/events", json=follow_up("withdrawn", number="C1234DE", at=NOW, reason="deported"))
    assert _carat(api, case_id).status_code == 409
