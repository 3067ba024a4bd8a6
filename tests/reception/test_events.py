"""POST /events over real HTTP: all six types, idempotency, 422 naming fields, nothing stored."""

from datetime import timedelta

from sqlalchemy import func, select
from sqlmodel import Session

from resettlement.storage.tables import Case, PrisonEvent, Task
from tests.conftest import NOW
from tests.factories import FAR_PRISON, OTHER_PRISON, follow_up, reception


def _count(db, model) -> int:
    with Session(db.engine) as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def _receive(api, **kw):
    event = reception(at=NOW, **kw)
    r = api.post("/events", json=event)
    assert r.status_code == 201, r.text
    return event, r.json()["case_id"]


def test_a_reception_opens_a_case_with_its_two_assessment_tasks(api, db):
    event, case_id = _receive(api)
    case = api.get(f"/cases/{case_id}").json()
    assert case["stage"] == "received" and case["prison_number"] == event["prison_number"]
    tasks = {t["kind"]: t for t in case["tasks"]}
    assert set(tasks) == {"hacs_assessment_due", "carat_triage_due"}
    assert tasks["hacs_assessment_due"]["due_at"].startswith(
        (NOW + timedelta(hours=72)).date().isoformat()
    )
    assert tasks["carat_triage_due"]["team"] == "carat"
    assert [e["kind"] for e in case["timeline"]] == ["received"]


def test_the_same_event_twice_is_a_duplicate_and_changes_nothing(api, db):
    event, case_id = _receive(api)
    again = api.post("/events", json=event)
    assert again.status_code == 200
    assert again.json() == {"case_id": case_id, "duplicate": True}
    assert _count(db, Case) == 1 and _count(db, Task) == 2 and _count(db, PrisonEvent) == 1


def test_bad_fields_are_each_named_and_nothing_is_stored(api, db):
    event = reception(at=NOW, prison_number_="12345", prison="ZZZ")
    event["release_date"] = (NOW - timedelta(days=3)).date().isoformat()
    r = api.post("/events", json=event)
    assert r.status_code == 422
    fields = {tuple(d["loc"]) for d in r.json()["detail"]}
    assert ("body", "prison_number") in fields
    r = api.post("/events", json=reception(at=NOW, prison="ZZZ", area="E99999999"))
    assert r.status_code == 422
    fields = {d["loc"][-1] for d in r.json()["detail"]}
    assert fields == {"prison", "destination_area"}
    assert _count(db, Case) == 0 and _count(db, PrisonEvent) == 0


def test_a_release_date_before_reception_is_refused(api, db):
    r = api.post("/events", json=reception(at=NOW, release_in_days=-1))
    assert r.status_code == 422
    assert [d["loc"][-1] for d in r.json()["detail"]] == ["release_date"]


def test_a_reception_without_a_person_names_the_person_field(api, db):
    event = reception(at=NOW)
    del event["person"]
    r = api.post("/events", json=event)
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "person"]


def test_an_unknown_type_and_broken_json_are_422(api, db):
    event = reception(at=NOW) | {"type": "escape"}
    assert api.post("/events", json=event).status_code == 422
    r = api.post("/events", data="{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 422


def test_release_date_set_moves_the_date_and_is_on_the_timeline(api, db):
    event, case_id = _receive(api)
    new_date = (NOW + timedelta(days=60)).date().isoformat()
    r = api.post(
        "/events",
        json=follow_up(
            "release_date_set",
            number=event["prison_number"],
            at=NOW,
            release_date=new_date,
            on_licence=True,
        ),
    )
    assert r.status_code == 201 and r.json()["case_id"] == case_id
    case = api.get(f"/cases/{case_id}").json()
    assert case["release_date"] == new_date and case["on_licence"] is True
    assert case["timeline"][-1]["kind"] == "release_date_set"


def test_a_transfer_moves_the_case_and_keeps_its_history(api, db):
    event, case_id = _receive(api)
    r = api.post(
        "/events",
        json=follow_up("transfer", number=event["prison_number"], at=NOW, to_prison=OTHER_PRISON),
    )
    assert r.status_code == 201
    case = api.get(f"/cases/{case_id}").json()
    assert case["prison"] == OTHER_PRISON and case["stage"] == "received"
    assert [e["kind"] for e in case["timeline"]] == ["received", "transferred"]
    assert len(case["tasks"]) == 2


def test_release_is_accepted_from_any_custody_stage_and_closes_custody_tasks(api, db):
    event, case_id = _receive(api)
    r = api.post("/events", json=follow_up("release", number=event["prison_number"], at=NOW))
    assert r.status_code == 201
    case = api.get(f"/cases/{case_id}").json()
    assert case["stage"] == "released"
    assert {t["status"] for t in case["tasks"] if t["kind"] == "hacs_assessment_due"} == {"closed"}


def test_recall_brings_a_released_case_back_with_its_history(api, db):
    event, case_id = _receive(api)
    number = event["prison_number"]
    api.post("/events", json=follow_up("release", number=number, at=NOW))
    r = api.post("/events", json=follow_up("recall", number=number, at=NOW, prison=FAR_PRISON))
    assert r.status_code == 201 and r.json()["case_id"] == case_id
    case = api.get(f"/cases/{case_id}").json()
    assert case["stage"] == "recalled" and case["episode"] == 2 and case["prison"] == FAR_PRISON
    kinds = [e["data"].get("to") for e in case["timeline"] if e["kind"] == "stage_changed"]
    assert kinds == ["released", "recalled"]
    open_tasks = [t for t in case["tasks"] if t["status"] == "open"]
    assert {t["kind"] for t in open_tasks} == {"hacs_assessment_due", "carat_triage_due"}


def test_withdrawn_closes_every_open_task(api, db):
    event, case_id = _receive(api)
    r = api.post(
        "/events",
        json=follow_up("withdrawn", number=event["prison_number"], at=NOW, reason="deported"),
    )
    assert r.status_code == 201
    case = api.get(f"/cases/{case_id}").json()
    assert case["stage"] == "withdrawn" and case["outcome"] == "deported"
    assert {t["status"] for t in case["tasks"]} == {"closed"}


def test_an_event_for_an_unknown_person_names_the_prison_number(api, db):
    r = api.post("/events", json=follow_up("release", number="Z9999ZZ", at=NOW))
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "prison_number"]


def test_a_second_reception_while_in_custody_is_a_conflict(api, db):
    event, _ = _receive(api)
    r = api.post("/events", json=reception(at=NOW, prison_number_=event["prison_number"]))
    assert r.status_code == 409 and "transfer" in r.json()["detail"]
    assert _count(db, Case) == 1


def test_only_an_admin_may_post_events(api, db):
    r = api.post("/events", json=reception(at=NOW), user="durham")
    assert r.status_code == 403
    assert api.post("/events", json=reception(at=NOW), user=None).status_code == 401
    assert _count(db, Case) == 0
