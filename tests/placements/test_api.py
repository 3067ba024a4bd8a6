"""Placements through the API: the moves, confirming sets the accommodation, ending frees."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import NOW
from tests.factories import add_service, received_case

START = (NOW.date() + timedelta(days=100)).isoformat()


def _requested(api, service_id: str, user: str = "durham-hacs") -> dict:
    case_id = received_case(api, at=NOW)
    body = {"service_id": service_id, "start_date": START}
    response = api.post(f"/cases/{case_id}/placements", json=body, user=user)
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_a_confirmed_place_becomes_the_release_night_address_and_the_housing_tasks_close(api):
    service = add_service(api, capacity=1)
    placement = _requested(api, service["id"])
    case_id = placement["case_id"]
    assert placement["status"] == "requested"
    offered = api.post(f"/placements/{placement['id']}/offer", user="durham-hacs")
    assert offered.json()["status"] == "offered"
    confirmed = api.post(f"/placements/{placement['id']}/confirm", user="durham-hacs")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    case = api.get(f"/cases/{case_id}").json()
    assert case["housing_resolved"] is True
    assert case["accommodation"]["provider"] == service["provider"]
    assert case["accommodation"]["start_date"] == START
    listed = api.get(f"/placements?case_id={case_id}", user="durham").json()
    assert [p["status"] for p in listed["items"]] == ["confirmed"]


def test_a_place_taken_is_a_409_and_ending_it_frees_it_with_the_reason(api):
    service = add_service(api, capacity=1)
    first, second = _requested(api, service["id"]), _requested(api, service["id"])
    for p in (first, second):
        api.post(f"/placements/{p['id']}/offer", user="durham-hacs")
    assert api.post(f"/placements/{first['id']}/confirm", user="durham-hacs").status_code == 200
    assert api.post(f"/placements/{second['id']}/confirm", user="durham-hacs").status_code == 409
    ended = api.post(
        f"/placements/{first['id']}/end",
        json={"end_date": START, "reason": "recall"},
        user="durham-hacs",
    )
    assert ended.json()["status"] == "ended" and ended.json()["reason"] == "recall"
    assert api.post(f"/placements/{second['id']}/confirm", user="durham-hacs").status_code == 200


def test_moves_outside_the_path_are_409_and_a_decline_needs_its_reason(api):
    service = add_service(api)
    placement = _requested(api, service["id"])
    pid = placement["id"]
    assert api.post(f"/placements/{pid}/confirm", user="durham-hacs").status_code == 409
    end = {"end_date": START, "reason": "x"}
    assert api.post(f"/placements/{pid}/end", json=end, user="durham-hacs").status_code == 409
    assert api.post(f"/placements/{pid}/decline", json={}, user="durham-hacs").status_code == 422
    declined = api.post(
        f"/placements/{pid}/decline", json={"reason": "no ground floor room"}, user="durham-hacs"
    )
    assert declined.json()["status"] == "declined"
    assert api.post(f"/placements/{pid}/offer", user="durham-hacs").status_code == 409


def test_only_hacs_requests_places_and_out_of_scope_is_not_found(api):
    service = add_service(api)
    case_id = received_case(api, at=NOW)
    body = {"service_id": service["id"], "start_date": START}
    assert (
        api.post(f"/cases/{case_id}/placements", json=body, user="durham-carat").status_code == 403
    )
    assert (
        api.post(f"/cases/{case_id}/placements", json=body, user="pentonville").status_code == 404
    )
    assert api.post(f"/cases/{case_id}/placements", json=body, user="newcastle").status_code in (
        403,
        404,
    )
    bad = {"service_id": "nope", "start_date": START}
    response = api.post(f"/cases/{case_id}/placements", json=bad, user="durham-hacs")
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "service_id"


def test_the_same_request_again_gives_back_the_open_one(api):
    service = add_service(api)
    placement = _requested(api, service["id"])
    body = {"service_id": service["id"], "start_date": START}
    again = api.post(f"/cases/{placement['case_id']}/placements", json=body, user="durham-hacs")
    assert again.status_code == 200 and again.json()["id"] == placement["id"]
