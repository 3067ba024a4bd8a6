"""PUT /cases/{id}/accommodation over real HTTP: the release-night arrangement, the "housing
resolved" rule (confirmed, address, provider, start on or before release) and its tasks."""

from datetime import timedelta

from resettlement.storage.db import session_scope
from resettlement.tasks.keys import dedupe_key
from resettlement.tasks.store import insert_tasks, new_task
from resettlement.vocabulary import TaskKind
from tests.conftest import NOW
from tests.factories import accommodation_body, follow_up, received_case

RELEASE = (NOW + timedelta(days=30)).date()


def _case(api, case_id):
    return api.get(f"/cases/{case_id}").json()


def _put(api, case_id, body, user="durham-hacs"):
    return api.put(f"/cases/{case_id}/accommodation", json=body, user=user)


def _raise_unresolved_tasks(case_id: str) -> None:
    with session_scope() as session:
        insert_tasks(
            session,
            [
                new_task(
                    case_id=case_id,
                    kind=kind,
                    title="Housing unresolved",
                    due_at=NOW,
                    key=dedupe_key(kind, case_id, 1),
                )
                for kind in (TaskKind.housing_unresolved, TaskKind.housing_unresolved_escalation)
            ],
        )


def test_a_confirmed_arrangement_starting_by_release_day_resolves_housing(api, db):
    case_id = received_case(api, at=NOW, release_in_days=30)
    r = _put(api, case_id, accommodation_body(start=RELEASE))
    assert r.status_code == 200, r.text
    assert r.json()["housing_resolved"] is True
    assert r.json()["housing_ready_from"] == RELEASE.isoformat()
    case = _case(api, case_id)
    assert case["housing_resolved"] is True and case["housing_status"] == "supported_housing"
    assert case["accommodation"]["provider"] == "Changing Lives"
    assert case["timeline"][-1]["kind"] == "accommodation_recorded"
    resolved = api.get("/cases", params={"housing_resolved": "true"}).json()
    assert [c["id"] for c in resolved["items"]] == [case_id]


def test_an_arrangement_starting_after_release_day_does_not_resolve_housing(api, db):
    case_id = received_case(api, at=NOW, release_in_days=30)
    r = _put(api, case_id, accommodation_body(start=RELEASE + timedelta(days=1)))
    assert r.json()["housing_resolved"] is False
    assert r.json()["housing_ready_from"] == (RELEASE + timedelta(days=1)).isoformat()


def test_an_unconfirmed_arrangement_does_not_resolve_housing(api, db):
    case_id = received_case(api, at=NOW, release_in_days=30)
    r = _put(api, case_id, accommodation_body(start=RELEASE, confirmed=False))
    assert r.json()["housing_resolved"] is False and r.json()["housing_ready_from"] is None


def test_resolving_housing_closes_the_housing_unresolved_tasks_at_once(api, db):
    case_id = received_case(api, at=NOW, release_in_days=30)
    _raise_unresolved_tasks(case_id)
    r = _put(api, case_id, accommodation_body(start=RELEASE))
    assert r.json()["tasks_closed"] == 2
    statuses = {
        t["kind"]: t["status"]
        for t in _case(api, case_id)["tasks"]
        if t["kind"].startswith("housing_unresolved")
    }
    assert statuses == {"housing_unresolved": "closed", "housing_unresolved_escalation": "closed"}


def test_a_new_arrangement_replaces_the_old_and_can_unresolve_housing(api, db):
    case_id = received_case(api, at=NOW, release_in_days=30)
    _put(api, case_id, accommodation_body(start=RELEASE))
    r = _put(api, case_id, accommodation_body(start=RELEASE, confirmed=False, provider=None))
    assert r.json()["housing_resolved"] is False
    case = _case(api, case_id)
    assert case["accommodation"]["confirmed"] is False and case["housing_resolved"] is False
    last = case["timeline"][-1]["data"]
    assert last["was_resolved"] is True and last["housing_resolved"] is False


def test_a_confirmed_arrangement_must_name_address_provider_and_start(api, db):
    case_id = received_case(api, at=NOW)
    body = {"housing_status": "rough_sleeping", "confirmed": True}
    r = _put(api, case_id, body)
    assert r.status_code == 422
    named = {d["loc"][-1] for d in r.json()["detail"]}
    assert named == {"address", "provider", "start_date", "housing_status"}
    assert _case(api, case_id)["accommodation"] is None


def test_only_prison_staff_of_the_prison_or_an_admin_may_record_it(api, db):
    case_id = received_case(api, at=NOW)
    body = accommodation_body(start=RELEASE)
    assert _put(api, case_id, body, user="rom-ne").status_code == 403
    assert _put(api, case_id, body, user="newcastle").status_code == 403
    assert _put(api, case_id, body, user="pentonville").status_code == 404
    assert _put(api, case_id, body, user="admin").status_code == 200


def test_a_withdrawn_case_refuses_it(api, db):
    case_id = received_case(api, at=NOW, prison_number_="D1234EF")
    api.post("/events", json=follow_up("withdrawn", number="D1234EF", at=NOW))
    assert _put(api, case_id, accommodation_body(start=RELEASE)).status_code == 409
