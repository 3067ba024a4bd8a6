"""The handover over real HTTP: the packet at release, the CJIT inbox and its scope, acceptance
(and its working-day SLA), a missed first appointment, and the consented view of a case."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from resettlement import clock
from resettlement.handover.sweep import sweep_overdue_acceptances
from resettlement.policy import get_policy
from resettlement.storage.db import session_scope
from tests.conftest import NOW
from tests.factories import (
    AREA,
    FAR_AREA,
    accommodation_body,
    carat_body,
    follow_up,
    reception,
    release_event,
)

SECRET = "Uses heroin daily; wants a detox bed at Lifeline"
RECEIVED = NOW - timedelta(days=90)


def _case(api, *, area: str = AREA, consent: bool | None = None, housed: bool = False) -> tuple:
    event = reception(at=RECEIVED, area=area, release_in_days=90)
    r = api.post("/events", json=event)
    assert r.status_code == 201, r.text
    case_id = r.json()["case_id"]
    if consent is not None:
        body = carat_body(consent_share_cjit=consent, notes=SECRET, spectrum_stage="chaotic_using")
        r = api.post(f"/cases/{case_id}/carat-assessment", json=body, user="durham-carat")
        assert r.status_code == 201, r.text
    if housed:
        r = api.put(
            f"/cases/{case_id}/accommodation",
            json=accommodation_body(start=RECEIVED.date() + timedelta(days=60)),
            user="durham-hacs",
        )
        assert r.status_code == 200, r.text
    return case_id, event["prison_number"]


def _release(api, number: str, at: datetime = NOW) -> None:
    r = api.post("/events", json=release_event(number, at=at))
    assert r.status_code == 201, r.text


def _released(api, **kw) -> tuple[str, dict]:
    case_id, number = _case(api, **kw)
    _release(api, number)
    (item,) = api.get(f"/handovers?case_id={case_id}", user="admin").json()["items"]
    return case_id, item


def test_a_release_moves_the_case_to_released_and_opens_its_handover(api, db):
    case_id, number = _case(api, housed=True)
    r = api.put(
        f"/cases/{case_id}/release-plan/sections/probation",
        json={"content": {"appointments": [{"what": "Induction", "when": "2026-11-26"}]}},
        user="durham-probation",
    )
    assert r.status_code == 200, r.text
    _release(api, number)
    case = api.get(f"/cases/{case_id}", user="newcastle").json()
    assert case["stage"] == "released"
    handover = case["handover"]
    assert handover["area"] == AREA and handover["status"] == "new"
    assert handover["delivery_state"] == "inbox_only"  # the shipped areas have no case system
    packet = handover["packet"]
    assert packet["person"]["prison_number"] == number
    assert packet["release"]["release_date"] == NOW.date().isoformat()
    assert packet["cjit_area"] == {"code": AREA, "name": "Newcastle upon Tyne"}
    assert packet["accommodation"]["provider"] == "Changing Lives"
    assert packet["accommodation"]["resolved_on_release_night"] is True
    assert packet["appointments"] == [
        {"party": "probation", "what": "Induction", "when": "2026-11-26"}
    ]
    assert [c["day_offset"] for c in case["tenancy_checks"]] == [1, 7, 28, 91, 182]
    assert case["tenancy_checks"][0]["due_on"] == (NOW.date() + timedelta(days=1)).isoformat()


def test_without_consent_the_packet_says_so_and_holds_no_carat_details(api, db):
    _, item = _released(api, consent=False)
    assert item["packet"]["drug_treatment"] == {"consent": "not_given"}
    text = json.dumps(item)
    assert "heroin" not in text and "chaotic" not in text and "Lifeline" not in text


def test_with_consent_the_packet_carries_the_carat_assessment_and_spectrum_stage(api, db):
    _, item = _released(api, consent=True)
    shared = item["packet"]["drug_treatment"]
    assert shared["consent"] == "given" and shared["spectrum_stage"] == "chaotic_using"
    assert shared["carat_assessment"]["notes"] == SECRET


def test_a_cjit_worker_reads_a_case_without_its_drug_treatment_details_unless_consented(api, db):
    case_id, _ = _released(api, consent=False)
    cjit = api.get(f"/cases/{case_id}", user="newcastle").json()
    assert cjit["spectrum_stage"] is None
    assert all(a["kind"] != "carat" for a in cjit["assessments"])
    assert "heroin" not in json.dumps(cjit)
    prison = api.get(f"/cases/{case_id}", user="durham").json()
    assert prison["spectrum_stage"] == "chaotic_using" and "heroin" in json.dumps(prison)


def test_the_inbox_shows_each_caller_only_the_handovers_in_their_scope(api, db):
    ours, _ = _released(api)
    theirs, _ = _released(api, area=FAR_AREA)

    def seen(user: str) -> set[str]:
        r = api.get("/handovers", user=user)
        assert r.status_code == 200, r.text
        return {h["case_id"] for h in r.json()["items"]}

    assert seen("newcastle") == {ours} and seen("cardiff") == {theirs}
    assert seen("admin") == {ours, theirs}
    assert seen("durham") == {ours, theirs}  # both released from HMP Durham
    assert seen("pentonville") == set()
    assert seen("rom-ne") == {ours, theirs} and seen("rom-ln") == set()


def test_the_inbox_filters_by_status_and_pages(api, db):
    for _ in range(3):
        _released(api)
    body = api.get("/handovers?status=new&page_size=2", user="newcastle").json()
    assert body["total"] == 3 and len(body["items"]) == 2
    assert api.get("/handovers?status=accepted", user="newcastle").json()["total"] == 0
    assert api.get("/handovers?status=lost", user="newcastle").status_code == 422


def test_the_cjit_accepts_a_handover_and_the_case_is_handed_over(api, db):
    case_id, item = _released(api)
    first = (NOW + timedelta(days=2)).isoformat()
    r = api.post(
        f"/handovers/{item['id']}/accept",
        json={"worker": "Sam Patel", "first_appointment": first},
        user="newcastle",
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "accepted" and body["worker"] == "Sam Patel"
    assert body["accepted_at"] == NOW.isoformat().replace("+00:00", "Z")
    case = api.get(f"/cases/{case_id}", user="newcastle").json()
    assert case["stage"] == "handed_over"
    assert [e["kind"] for e in case["timeline"]][-2:] == ["stage_changed", "handover_accepted"]


def test_accepting_twice_is_a_409_and_changes_nothing(api, db):
    _, item = _released(api)
    body = {"worker": "Sam Patel", "first_appointment": (NOW + timedelta(days=1)).isoformat()}
    assert api.post(f"/handovers/{item['id']}/accept", json=body, user="newcastle").ok
    again = api.post(f"/handovers/{item['id']}/accept", json=body | {"worker": "Jo"}, user="admin")
    assert again.status_code == 409
    assert api.get(f"/handovers/{item['id']}", user="admin").json()["worker"] == "Sam Patel"


def test_only_a_cjit_worker_of_the_area_or_an_admin_may_accept(api, db):
    _, item = _released(api)
    body = {"worker": "Sam Patel", "first_appointment": (NOW + timedelta(days=1)).isoformat()}
    path = f"/handovers/{item['id']}/accept"
    assert api.post(path, json=body, user="durham-hacs").status_code == 403
    assert api.post(path, json=body, user="rom-ne").status_code == 403
    assert api.post(path, json=body, user="cardiff").status_code == 404
    assert api.post("/handovers/no-such/accept", json=body, user="admin").status_code == 404
    assert api.post(path, json=body, user="admin").status_code == 200


def test_a_bad_acceptance_names_each_field(api, db):
    _, item = _released(api)
    path = f"/handovers/{item['id']}/accept"
    r = api.post(
        path, json={"worker": "", "first_appointment": "2026-11-30T10:00"}, user="newcastle"
    )
    assert r.status_code == 422
    assert {d["loc"][-1] for d in r.json()["detail"]} == {"worker", "first_appointment"}
    before = (NOW - timedelta(days=3)).isoformat()
    r = api.post(path, json={"worker": "Sam", "first_appointment": before}, user="newcastle")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "first_appointment"
    assert api.get(f"/handovers/{item['id']}", user="admin").json()["status"] == "new"


def test_a_christmas_eve_release_is_overdue_only_after_tuesday_29_december(api, db):
    christmas_eve = datetime(2026, 12, 24, 11, 0, tzinfo=UTC)
    with clock.frozen_at(christmas_eve):
        case_id, number = _case(api)
        _release(api, number, at=christmas_eve)
    (item,) = api.get(f"/handovers?case_id={case_id}").json()["items"]
    assert item["accept_by"] == "2026-12-29T23:59:59Z"
    policy = get_policy()
    with session_scope() as session:
        tuesday = sweep_overdue_acceptances(session, today=date(2026, 12, 29), policy=policy)
    with session_scope() as session:
        wednesday = sweep_overdue_acceptances(session, today=date(2026, 12, 30), policy=policy)
    with session_scope() as session:
        again = sweep_overdue_acceptances(session, today=date(2026, 12, 31), policy=policy)
    assert (tuesday.raised, wednesday.raised, again.raised) == (0, 1, 0)
    tasks = api.get(f"/tasks?case_id={case_id}&kind=handover_acceptance_overdue").json()["items"]
    assert [(t["team"], t["status"]) for t in tasks] == [("cjit", "open")]
    with clock.frozen_at(datetime(2026, 12, 30, 9, 0, tzinfo=UTC)):
        assert api.get("/handovers?overdue=true", user="newcastle").json()["total"] == 1
        body = {"worker": "Sam", "first_appointment": "2026-12-31T10:00:00+00:00"}
        assert api.post(f"/handovers/{item['id']}/accept", json=body, user="newcastle").ok
    tasks = api.get(f"/tasks?case_id={case_id}&kind=handover_acceptance_overdue").json()["items"]
    assert [t["status"] for t in tasks] == ["closed"]


def test_a_missed_first_appointment_raises_one_follow_up_task_for_the_cjit(api, db):
    _, item = _released(api)
    path = f"/handovers/{item['id']}/missed-appointment"
    assert api.post(path, json={}, user="newcastle").status_code == 409  # nothing booked yet
    first = NOW + timedelta(hours=2)
    body = {"worker": "Sam", "first_appointment": first.isoformat()}
    assert api.post(f"/handovers/{item['id']}/accept", json=body, user="newcastle").ok
    assert api.post(path, json={}, user="newcastle").status_code == 409  # not happened yet
    with clock.frozen_at(first + timedelta(hours=1)):
        r = api.post(path, json={"notes": "no answer at the door"}, user="newcastle")
        assert r.status_code == 201, r.text
        assert r.json()["task"]["kind"] == "missed_first_appointment"
        assert r.json()["task"]["team"] == "cjit" and r.json()["duplicate"] is False
        again = api.post(path, json={}, user="newcastle")
        assert again.status_code == 200 and again.json()["duplicate"] is True
        assert again.json()["task"]["id"] == r.json()["task"]["id"]
        assert api.post(path, json={}, user="durham-hacs").status_code == 403


def test_a_recalled_and_re_released_person_gets_a_new_handover_for_the_new_episode(api, db):
    case_id, number = _case(api)
    _release(api, number, at=NOW - timedelta(days=20))
    r = api.post("/events", json=follow_up("recall", number=number, at=NOW - timedelta(days=10)))
    assert r.status_code == 201, r.text
    _release(api, number)
    items = api.get(f"/handovers?case_id={case_id}").json()["items"]
    assert sorted(h["episode"] for h in items) == [1, 2]
    old = next(h for h in items if h["episode"] == 1)
    body = {"worker": "Sam", "first_appointment": (NOW + timedelta(days=1)).isoformat()}
    assert (
        api.post(f"/handovers/{old['id']}/accept", json=body, user="newcastle").status_code == 409
    )
