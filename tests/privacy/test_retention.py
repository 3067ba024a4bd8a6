"""Retention: people whose every case ended seven years ago are anonymised, once; raw prison
event payloads are dropped after 90 days for everyone."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, select
from typer.testing import CliRunner

from resettlement.cli.main import app
from resettlement.policy import get_policy
from resettlement.privacy.retention import anonymise_ended, drop_old_payloads
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Accommodation, Assessment, Case, CaseContact, PrisonEvent
from resettlement.vocabulary import PRISON_NUMBER
from tests.conftest import NOW
from tests.factories import (
    accommodation_body,
    follow_up,
    hacs_body,
    received_case,
)

LONG_AGO = NOW - timedelta(days=2557 + 30)


def _ended_long_ago(api) -> tuple[str, str]:
    """A person received, assessed, housed and withdrawn more than seven years ago."""
    from resettlement import clock

    with clock.frozen_at(LONG_AGO - timedelta(days=20)):
        case_id = received_case(api, at=LONG_AGO - timedelta(days=20))
        number = api.get(f"/cases/{case_id}").json()["prison_number"]
        api.post(f"/cases/{case_id}/hacs-assessment", json=hacs_body(notes="Sofa surfing"))
        body = accommodation_body(start=(LONG_AGO + timedelta(days=200)).date())
        api.put(f"/cases/{case_id}/accommodation", json=body)
        contact = {"mobile_number": "07700 900123", "sms_consent": True}
        assert api.put(f"/cases/{case_id}/contact", json=contact).ok
    with clock.frozen_at(LONG_AGO):
        event = follow_up("withdrawn", number=number, at=LONG_AGO)
        assert api.post("/events", json=event).status_code == 201
    return case_id, number


def _run(day=None):
    day = day or NOW.date()
    with session_scope() as session:
        people = anonymise_ended(session, today=day, policy=get_policy())
    with session_scope() as session:
        payloads = drop_old_payloads(session, today=day, policy=get_policy())
    return people.changed, payloads.changed


def test_a_person_whose_cases_ended_seven_years_ago_is_anonymised_and_a_second_run_changes_nothing(
    api, db
):
    old, number = _ended_long_ago(api)
    current = received_case(api, at=NOW)
    assert _run() == (1, 0)  # its raw events went with its identity
    with Session(db.engine) as session:
        case = session.get(Case, old)
        assert case.anonymised_at is not None and case.given_name == "Anonymised"
        assert case.prison_number != number and not PRISON_NUMBER.match(case.prison_number)
        assert case.stage == "withdrawn" and case.housing_status  # what the KPIs count stays
        [assessment] = session.exec(select(Assessment).where(Assessment.case_id == old)).all()
        assert "notes" not in assessment.data and assessment.data["housing_status"] == "nfa"
        housing = session.get(Accommodation, old)
        assert housing.address == "" and housing.confirmed is True
        assert session.get(CaseContact, old) is None  # the mobile number is gone
        assert session.get(Case, current).anonymised_at is None
    snapshot = api.get(f"/cases/{old}").json()
    assert _run() == (0, 0)
    assert api.get(f"/cases/{old}").json() == snapshot
    assert api.get(f"/people/{number}/export").status_code == 404


def test_a_person_with_a_case_still_open_is_kept_whole(api, db):
    _, number = _ended_long_ago(api)
    received_case(api, at=NOW, prison_number_=number)
    assert _run()[0] == 0


def test_raw_event_payloads_are_dropped_after_ninety_days_for_everyone(api, db):
    from resettlement import clock

    with clock.frozen_at(NOW - timedelta(days=91)):
        old = received_case(api, at=NOW - timedelta(days=91))
    recent = received_case(api, at=NOW - timedelta(days=10))
    assert _run() == (0, 1)
    with Session(db.engine) as session:
        by_case = {e.case_id: e for e in session.exec(select(PrisonEvent))}
    assert by_case[old].payload == {} and by_case[old].payload_dropped_at is not None
    assert by_case[recent].payload["person"]["family_name"] == "Morgan"
    assert _run() == (0, 0)


def test_resettle_retention_runs_as_of_a_day(api, db):
    _ended_long_ago(api)
    result = CliRunner().invoke(app, ["retention", "--as-of", NOW.date().isoformat()])
    assert result.exit_code == 0, result.output
    assert "anonymise_ended: 1 changed" in result.output
    again = CliRunner().invoke(app, ["retention", "--as-of", NOW.date().isoformat()])
    assert "anonymise_ended: 0 changed" in again.output


def test_notes_on_needs_and_reasons_for_named_workers_go_with_the_identity(api, db):
    from resettlement import clock
    from resettlement.storage.tables import Allocation, NeedUpdate
    from resettlement.vocabulary import Role, Team
    from tests.factories import PRISON, add_need, add_worker, allocate

    add_worker(api, "amy", Role.prison_staff, PRISON, Team.hacs)
    with clock.frozen_at(LONG_AGO - timedelta(days=20)):
        case_id = received_case(api, at=LONG_AGO - timedelta(days=20))
        need = add_need(api, case_id, user="durham-hacs")
        url = f"/cases/{case_id}/needs/{need['id']}"
        api.put(url, json={"status": "in_progress", "note": "Said his brother owes rent"})
        allocate(api, case_id, "hacs", "durham-hacs", user="admin")
        allocate(api, case_id, "hacs", "amy", user="admin", reason="Knows his family")
        number = api.get(f"/cases/{case_id}").json()["prison_number"]
    with clock.frozen_at(LONG_AGO):
        assert api.post("/events", json=follow_up("withdrawn", number=number, at=LONG_AGO)).ok
    assert _run()[0] == 1
    with Session(db.engine) as session:
        assert {u.note for u in session.exec(select(NeedUpdate))} == {None}
        rows = session.exec(select(Allocation)).all()
        assert {(a.reason, a.end_reason) for a in rows} == {(None, None)} and len(rows) == 2
