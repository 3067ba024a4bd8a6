"""Tenancy checks after release: the daily sweep (and its pure oracle), recording outcomes over
HTTP, follow-up tasks, closing the case after the last check, and a recall stopping them."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import col, select

from resettlement.aftercare.sweep import raise_due_tenancy_checks
from resettlement.policy import get_policy
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Task
from resettlement.working_days import end_of_day
from tests.conftest import NOW
from tests.factories import apply_events, follow_up, released

TODAY = NOW.date()


def sweep(today: date = TODAY) -> int:
    with session_scope() as session:
        return raise_due_tenancy_checks(session, today=today, policy=get_policy()).raised


def released_days_ago(days: int) -> tuple[str, str]:
    return released(
        received_at=NOW - timedelta(days=days + 60), released_at=NOW - timedelta(days=days)
    )


def tasks_of(case_id: str, kind: str) -> list[Task]:
    with session_scope(write=False) as session:
        query = select(Task).where(col(Task.case_id) == case_id, col(Task.kind) == kind)
        return list(session.exec(query.order_by(col(Task.id))))


def checks_of(api, case_id: str, user: str = "newcastle") -> dict[int, dict]:
    r = api.get(f"/cases/{case_id}/tenancy-checks", user=user)
    assert r.status_code == 200, r.text
    return {c["day_offset"]: c for c in r.json()["items"]}


def record(api, case_id: str, check: dict, outcome: str, user: str = "newcastle", **kw):
    return api.post(
        f"/cases/{case_id}/tenancy-checks/{check['id']}", json={"outcome": outcome, **kw}, user=user
    )


def test_the_sweep_raises_one_task_per_check_fallen_due_and_nothing_twice(db):
    case_id, _ = released_days_ago(10)
    assert sweep() == 2  # the 1- and 7-day checks; the 28-day one is not due yet
    tasks = tasks_of(case_id, "tenancy_check_due")
    assert [(t.team, t.title) for t in tasks] == [
        ("cjit", "Tenancy check 1 days after release"),
        ("cjit", "Tenancy check 7 days after release"),
    ]
    assert tasks[1].due_at == end_of_day(TODAY - timedelta(days=3))
    assert sweep() == 0 and sweep(TODAY + timedelta(days=1)) == 0
    assert sweep(TODAY + timedelta(days=18)) == 1  # the 28-day check


def test_recording_a_check_completes_its_task_and_starts_tenancy_monitoring(api, db):
    case_id, _ = released_days_ago(10)
    sweep()
    checks = checks_of(api, case_id)
    assert [c["state"] for c in checks.values()] == [
        "due",
        "due",
        "upcoming",
        "upcoming",
        "upcoming",
    ]
    r = record(api, case_id, checks[1], "sustained", notes="settled in")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["check"]["state"] == "recorded" and body["check"]["recorded_by"] == "newcastle"
    assert body["case_stage"] == "tenancy_monitoring" and body["tasks_raised"] == []
    done = tasks_of(case_id, "tenancy_check_due")[0]
    assert (done.status, done.completed_by) == ("done", "newcastle")


def test_at_risk_raises_a_sustainment_task_and_lost_a_rehousing_task(api, db):
    case_id, _ = released_days_ago(10)
    checks = checks_of(api, case_id)
    assert record(api, case_id, checks[1], "at_risk").json()["tasks_raised"] == ["tenancy_at_risk"]
    assert record(api, case_id, checks[7], "lost").json()["tasks_raised"] == ["rehousing_needed"]
    (at_risk,) = tasks_of(case_id, "tenancy_at_risk")
    (rehouse,) = tasks_of(case_id, "rehousing_needed")
    assert (at_risk.team, at_risk.status, rehouse.team) == ("cjit", "open", "cjit")
    assert at_risk.due_at == NOW + timedelta(
        days=get_policy().tenancy_checks.at_risk_follow_up_days
    )


def test_the_last_check_closes_the_case_with_its_outcome(api, db):
    case_id, _ = released_days_ago(200)
    sweep()
    checks = checks_of(api, case_id)
    assert (
        record(api, case_id, checks[91], "sustained").json()["case_stage"] == "tenancy_monitoring"
    )
    body = record(api, case_id, checks[182], "sustained").json()
    assert (
        body["case_stage"] == "closed" and body["case_outcome"] == "tenancy sustained at 182 days"
    )
    statuses = {t.title: t.status for t in tasks_of(case_id, "tenancy_check_due")}
    assert statuses["Tenancy check 1 days after release"] == "closed"  # never recorded
    case = api.get(f"/cases/{case_id}", user="newcastle").json()
    assert case["stage"] == "closed" and case["outcome"] == "tenancy sustained at 182 days"


def test_a_lost_tenancy_at_the_last_check_closes_as_accommodation_lost_and_keeps_the_task(api, db):
    case_id, _ = released_days_ago(182)
    body = record(api, case_id, checks_of(api, case_id)[182], "lost").json()
    assert body["case_outcome"] == "accommodation lost (check at 182 days)"
    assert [t.status for t in tasks_of(case_id, "rehousing_needed")] == ["open"]


def test_refusals_name_the_rule_and_change_nothing(api, db):
    case_id, _ = released_days_ago(10)
    checks = checks_of(api, case_id)
    early = record(api, case_id, checks[28], "sustained")
    assert early.status_code == 409 and "due on" in early.json()["detail"]
    assert record(api, case_id, checks[1], "sustained", user="durham-hacs").status_code == 403
    assert record(api, case_id, checks[1], "sustained", user="rom-ne").status_code == 403
    assert record(api, case_id, checks[1], "sustained", user="cardiff").status_code == 404
    assert record(api, case_id, {"id": "nope"}, "sustained").status_code == 404
    bad = record(api, case_id, checks[1], "fine")
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "outcome"
    assert record(api, case_id, checks[1], "sustained", colour="red").status_code == 422
    assert record(api, case_id, checks[1], "sustained").status_code == 200
    again = record(api, case_id, checks[1], "lost")
    assert again.status_code == 409 and checks_of(api, case_id)[1]["outcome"] == "sustained"
    assert tasks_of(case_id, "rehousing_needed") == []


def test_a_recall_stops_the_checks_and_keeps_them_as_history(api, db):
    case_id, number = released_days_ago(30)
    checks = checks_of(api, case_id)
    assert record(api, case_id, checks[1], "sustained").status_code == 200
    apply_events(follow_up("recall", number=number, at=NOW - timedelta(days=5)))
    assert sweep() == 0
    states = {d: c["state"] for d, c in checks_of(api, case_id, user="admin").items()}
    assert states == {1: "recorded", 7: "stopped", 28: "stopped", 91: "stopped", 182: "stopped"}
    refused = record(api, case_id, checks[7], "sustained", user="admin")
    assert refused.status_code == 409 and "earlier custody episode" in refused.json()["detail"]
