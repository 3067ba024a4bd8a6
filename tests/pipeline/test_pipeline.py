"""GET /pipeline: who may see which region, and every number computed from the records."""

from __future__ import annotations

from datetime import date, timedelta

from resettlement.pipeline.reads import pct, week_starts
from tests.conftest import NOW
from tests.factories import (
    AREA,
    FAR_AREA,
    FAR_PRISON,
    accommodation_body,
    reception,
    release_event,
)

MONDAY = date(2026, 11, 23)  # NOW is Tuesday 24 November 2026


def _receive(api, *, days_ago: int = 1, release_in_days: int | None = 30, **kw) -> tuple:
    at = NOW - timedelta(days=days_ago)
    event = reception(
        at=at,
        release_in_days=release_in_days + days_ago if release_in_days is not None else None,
        **kw,
    )
    r = api.post("/events", json=event)
    assert r.status_code == 201, r.text
    return r.json()["case_id"], event["prison_number"]


def _house(api, case_id: str) -> None:
    r = api.put(
        f"/cases/{case_id}/accommodation",
        json=accommodation_body(start=NOW.date() - timedelta(days=200)),
        user="durham-hacs",
    )
    assert r.status_code == 200, r.text


def _release(api, *, days_ago: float, housed: bool = False, area: str = AREA) -> str:
    case_id, number = _receive(api, days_ago=int(days_ago) + 60, area=area)
    if housed:
        _house(api, case_id)
    r = api.post("/events", json=release_event(number, at=NOW - timedelta(days=days_ago)))
    assert r.status_code == 201, r.text
    return case_id


def _pipeline(api, user: str = "rom-ne", query: str = "") -> dict:
    r = api.get(f"/pipeline{query}", user=user)
    assert r.status_code == 200, r.text
    return r.json()


def test_a_rom_sees_their_own_region_and_is_refused_another(api, db):
    body = _pipeline(api)
    assert body["region"] == "NE" and body["as_of"].startswith("2026-11-24T09:00")
    assert _pipeline(api, query="?region=NE")["region"] == "NE"
    assert api.get("/pipeline?region=LN", user="rom-ne").status_code == 403


def test_an_admin_sees_any_region_or_the_national_pipeline(api, db):
    assert _pipeline(api, "admin")["region"] is None
    assert _pipeline(api, "admin", "?region=WA")["region"] == "WA"
    r = api.get("/pipeline?region=ZZ", user="admin")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "region"


def test_prison_staff_and_cjit_workers_may_not_see_the_pipeline(api, db):
    assert api.get("/pipeline", user="durham").status_code == 403
    assert api.get("/pipeline", user="newcastle").status_code == 403


def test_an_empty_region_has_zero_counts_and_null_kpis(api, db):
    body = _pipeline(api)
    assert set(body["stages"].values()) == {0} and "tenancy_monitoring" in body["stages"]
    assert body["overdue_tasks"] == 0 and body["overdue_by_prison_team"] == []
    assert body["kpis"] == {
        "accommodated_on_release_pct": None,
        "settled_at_91_days_pct": None,
        "handover_accepted_within_sla_pct": None,
        "needs_met_at_release_pct": None,
    }
    assert [w["week_start"] for w in body["releasing_unresolved"]][:2] == [
        "2026-11-23",
        "2026-11-30",
    ]
    assert len(body["releasing_unresolved"]) == 12


def test_stage_counts_follow_the_cases_of_the_region(api, db):
    _receive(api)
    _receive(api)
    _release(api, days_ago=3)
    _receive(api, prison=FAR_PRISON, area=FAR_AREA)  # London prison, Cardiff: not NE
    stages = _pipeline(api)["stages"]
    assert (stages["received"], stages["released"]) == (2, 1)
    assert sum(_pipeline(api, "admin")["stages"].values()) == 4


def test_releases_with_housing_unresolved_are_counted_by_week_from_monday(api, db):
    _receive(api, release_in_days=0)  # Tuesday this week
    _receive(api, release_in_days=6)  # Monday next week
    _receive(api, release_in_days=13)  # Monday in two weeks
    housed, _ = _receive(api, release_in_days=13)
    _house(api, housed)
    _receive(api, release_in_days=200)  # beyond the 12 weeks
    _receive(api, release_in_days=3, prison=FAR_PRISON, area=FAR_AREA)  # another region
    weeks = _pipeline(api)["releasing_unresolved"]
    assert [w["count"] for w in weeks] == [1, 1, 1] + [0] * 9
    national = _pipeline(api, "admin")["releasing_unresolved"]
    assert national[0]["count"] == 2


def test_overdue_tasks_are_counted_by_prison_and_team(api, db):
    _receive(api, days_ago=10)  # HACS due after 72 h and CARAT after 5 days: both overdue
    _receive(api, days_ago=1)  # nothing overdue yet
    body = _pipeline(api)
    assert body["overdue_tasks"] == 2
    assert sorted((i["prison"], i["team"], i["count"]) for i in body["overdue_by_prison_team"]) == [
        ("DMI", "carat", 1),
        ("DMI", "hacs", 1),
    ]


def test_accommodated_on_release_is_the_share_of_releases_housed_on_the_first_night(api, db):
    _release(api, days_ago=2, housed=True)
    _release(api, days_ago=2, housed=True)
    _release(api, days_ago=2)
    body = _pipeline(api)
    assert body["kpis"]["accommodated_on_release_pct"] == 66.7
    assert body["kpi_counts"]["accommodated_on_release_pct"] == {"numerator": 2, "denominator": 3}


def test_acceptance_within_sla_counts_accepted_and_overdue_handovers_only(api, db):
    in_time = _release(api, days_ago=0.1)
    late = _release(api, days_ago=6)
    _release(api, days_ago=6)  # never accepted, past its deadline
    _release(api, days_ago=0.1)  # not accepted yet, still in time: not judged
    body = {"worker": "Sam", "first_appointment": (NOW + timedelta(days=1)).isoformat()}
    for case_id in (in_time, late):
        (h,) = api.get(f"/handovers?case_id={case_id}").json()["items"]
        assert api.post(f"/handovers/{h['id']}/accept", json=body, user="newcastle").ok
    kpis = _pipeline(api)
    assert kpis["kpi_counts"]["handover_accepted_within_sla_pct"] == {
        "numerator": 1,
        "denominator": 3,
    }
    assert kpis["kpis"]["handover_accepted_within_sla_pct"] == 33.3


def test_settled_at_91_days_is_the_share_of_91_day_checks_recorded_sustained(api, db):
    for outcome in ("sustained", "lost"):
        case_id = _release(api, days_ago=100)
        checks = api.get(f"/cases/{case_id}/tenancy-checks", user="newcastle").json()["items"]
        check = next(c for c in checks if c["day_offset"] == 91)
        r = api.post(
            f"/cases/{case_id}/tenancy-checks/{check['id']}",
            json={"outcome": outcome},
            user="newcastle",
        )
        assert r.status_code == 200, r.text
    assert _pipeline(api)["kpis"]["settled_at_91_days_pct"] == 50.0


def test_the_numbers_move_with_the_records_there_is_no_counter_to_drift(api, db):
    case_id = _release(api, days_ago=6)
    assert _pipeline(api)["kpis"]["handover_accepted_within_sla_pct"] == 0.0
    (h,) = api.get(f"/handovers?case_id={case_id}").json()["items"]
    body = {"worker": "Sam", "first_appointment": (NOW + timedelta(days=1)).isoformat()}
    assert api.post(f"/handovers/{h['id']}/accept", json=body, user="newcastle").ok
    after = _pipeline(api)
    assert after["stages"]["handed_over"] == 1 and after["stages"]["released"] == 0


def test_percentages_and_weeks_are_pure_rules():
    assert pct(1, 3) == 33.3 and pct(0, 0) is None and pct(2, 2) == 100.0
    assert week_starts(date(2026, 11, 29), 2) == [MONDAY, MONDAY + timedelta(weeks=1)]
