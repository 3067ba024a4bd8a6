"""Duty to refer over real HTTP and the chase sweep: the referral closes the task, its outcome
closes any chase, and referrals unanswered after the policy days are chased exactly once."""

from datetime import date, timedelta

from resettlement.duty_to_refer.sweep import chase_overdue_referrals
from resettlement.policy import get_policy
from resettlement.storage.db import session_scope
from tests.conftest import NOW
from tests.factories import AREA, hacs_body, received_case

TODAY = NOW.date()
CHASE_DAYS = get_policy().housing.duty_to_refer_chase_days


def _case(api, case_id):
    return api.get(f"/cases/{case_id}").json()


def _consenting_case(api, *, days_ago: int = 30) -> str:
    case_id = received_case(api, at=NOW - timedelta(days=days_ago))
    body = hacs_body(threatened_with_homelessness=True, duty_to_refer_consent=True)
    assert api.post(f"/cases/{case_id}/hacs-assessment", json=body).status_code == 201
    return case_id


def _refer(api, case_id, *, on: date = TODAY, user="durham-hacs", **extra):
    body = {"local_authority": AREA, "referred_on": on.isoformat(), "reference": "NCL-1"}
    return api.post(f"/cases/{case_id}/duty-to-refer", json=body | extra, user=user)


def _outcome(api, case_id, outcome="accepted_relief_duty", on: date = TODAY):
    body = {"outcome": outcome, "outcome_on": on.isoformat()}
    return api.post(f"/cases/{case_id}/duty-to-refer/outcome", json=body, user="durham-hacs")


def _chase(today: date = TODAY):
    with session_scope() as session:
        return chase_overdue_referrals(session, today=today, policy=get_policy())


def test_recording_the_referral_marks_the_duty_to_refer_task_done(api, db):
    case_id = _consenting_case(api)
    r = _refer(api, case_id)
    assert r.status_code == 201, r.text
    assert r.json()["local_authority"] == AREA and r.json()["outcome"] is None
    case = _case(api, case_id)
    [task] = [t for t in case["tasks"] if t["kind"] == "duty_to_refer"]
    assert task["status"] == "done" and task["completed_by"] == "durham-hacs"
    assert case["referral"]["reference"] == "NCL-1"
    assert case["timeline"][-1]["kind"] == "referral_recorded"


def test_a_referral_needs_the_consent_to_refer(api, db):
    case_id = received_case(api, at=NOW)
    r = _refer(api, case_id)
    assert r.status_code == 409 and "consent" in r.json()["detail"]


def test_one_referral_per_custody_episode(api, db):
    case_id = _consenting_case(api)
    _refer(api, case_id)
    assert _refer(api, case_id).status_code == 409


def test_an_unknown_authority_and_a_future_date_are_each_named(api, db):
    case_id = _consenting_case(api)
    r = _refer(api, case_id, on=TODAY + timedelta(days=1), local_authority="E99999999")
    assert r.status_code == 422
    assert {d["loc"][-1] for d in r.json()["detail"]} == {"local_authority", "referred_on"}
    r = _refer(api, case_id, on=TODAY - timedelta(days=60))
    assert r.status_code == 422 and "before the reception" in r.json()["detail"][0]["msg"]
    assert _case(api, case_id)["referral"] is None


def test_an_outcome_needs_a_referral_and_a_date_not_before_it(api, db):
    case_id = _consenting_case(api)
    assert _outcome(api, case_id).status_code == 409
    _refer(api, case_id, on=TODAY - timedelta(days=3))
    r = _outcome(api, case_id, on=TODAY - timedelta(days=4))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "outcome_on"]
    r = _outcome(api, case_id, outcome="maybe")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "outcome"]


def test_a_referral_without_an_outcome_is_chased_once_after_the_policy_days(api, db):
    case_id = _consenting_case(api)
    _refer(api, case_id, on=TODAY - timedelta(days=CHASE_DAYS - 1))
    assert _chase().raised == 0
    assert _chase(TODAY + timedelta(days=1)).raised == 1
    assert _chase(TODAY + timedelta(days=2)).raised == 0
    [task] = [t for t in _case(api, case_id)["tasks"] if t["kind"] == "duty_to_refer_chase"]
    assert task["team"] == "hacs" and "NCL-1" in task["title"]


def test_recording_the_outcome_marks_the_chase_done_and_nothing_more_is_chased(api, db):
    case_id = _consenting_case(api)
    _refer(api, case_id, on=TODAY - timedelta(days=CHASE_DAYS))
    _chase()
    r = _outcome(api, case_id)
    assert r.status_code == 200 and r.json()["outcome"] == "accepted_relief_duty"
    [task] = [t for t in _case(api, case_id)["tasks"] if t["kind"] == "duty_to_refer_chase"]
    assert task["status"] == "done"


def test_a_rom_and_a_cjit_worker_may_not_record_a_referral(api, db):
    case_id = _consenting_case(api)
    assert _refer(api, case_id, user="rom-ne").status_code == 403
    assert _refer(api, case_id, user="newcastle").status_code == 403
    assert _refer(api, case_id, user="pentonville").status_code == 404


def test_a_referral_not_made_by_release_is_closed_by_the_system_at_the_gate(api, db):
    case_id = _consenting_case(api)
    number = _case(api, case_id)["prison_number"]
    event = {
        "event_id": f"rel-{case_id}",
        "type": "release",
        "occurred_at": NOW.isoformat(),
        "prison_number": number,
        "prison": "DMI",
    }
    assert api.post("/events", json=event).status_code == 201
    [task] = [t for t in _case(api, case_id)["tasks"] if t["kind"] == "duty_to_refer"]
    assert task["status"] == "closed"
