"""The ROM's KPI "needs met at release", by pathway: counted from each need's status when the
person was released, whatever happened to the need afterwards; declined needs left out."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import NOW
from tests.factories import add_need, received_case, release_event


def _set(api, case_id: str, need: dict, status: str) -> None:
    r = api.put(f"/cases/{case_id}/needs/{need['id']}", json={"status": status})
    assert r.status_code == 200, r.text


def _release(api, case_id: str, *, days_ago: int) -> None:
    number = api.get(f"/cases/{case_id}").json()["prison_number"]
    event = release_event(number, at=NOW - timedelta(days=days_ago))
    assert api.post("/events", json=event).status_code == 201


def test_needs_met_at_release_count_the_status_at_release_by_pathway(api, db):
    case_id = received_case(api, at=NOW - timedelta(days=90), release_in_days=80)
    met = add_need(api, case_id, pathway="finance_id", need="bank_account")
    open_ = add_need(api, case_id, pathway="finance_id", need="birth_certificate")
    declined = add_need(api, case_id, pathway="finance_id", need="debts")
    home = add_need(api, case_id, pathway="accommodation", need="find_accommodation")
    _set(api, case_id, met, "met")
    _set(api, case_id, declined, "declined")
    _set(api, case_id, home, "met")
    _release(api, case_id, days_ago=5)
    _set(api, case_id, open_, "met")  # after the release: not counted as met at it
    received_case(api, at=NOW, release_in_days=30)  # not released: not counted
    body = api.get("/pipeline", user="rom-ne").json()
    by_pathway = {r["pathway"]: r for r in body["needs_met_at_release"]}
    assert by_pathway["finance_id"] == {"pathway": "finance_id", "met": 1, "needs": 2, "pct": 50.0}
    assert by_pathway["accommodation"]["pct"] == 100.0
    assert by_pathway["health"] == {"pathway": "health", "met": 0, "needs": 0, "pct": None}
    assert body["kpis"]["needs_met_at_release_pct"] == 66.7
    assert body["kpi_counts"]["needs_met_at_release_pct"] == {"numerator": 2, "denominator": 3}
