"""The daily re-read of people releasing within the plan horizon (a recalculated release date
comes only as a thin event), and the inbox purged after `hmpps_events.keep_days`."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import update

from resettlement.inbox.purge import purge_inbox
from resettlement.inbox.refresh import RefreshIncomplete, refresh_release_dates
from resettlement.policy import get_policy, get_reference
from resettlement.storage.db import get_engine, session_scope
from resettlement.storage.tables import InboxMessage
from tests.conftest import NOW
from tests.factories import HMPPS_SEARCH, apply_events, hmpps_event, reception
from tests.inbox.helpers import cases_of, fast, messages, post, prison_events
from tests.standins.hmpps import prisoner_record

NUMBER = "A1234BC"


def refresh(day: date = NOW.date()):
    return refresh_release_dates(get_engine(), today=day, policy=fast(), reference=get_reference())


def _due_in(days: int, number: str = NUMBER) -> str:
    """A custody case releasing in `days` (a CRD, on licence after release)."""
    event = reception(at=NOW - timedelta(days=30), prison_number_=number, release_in_days=30 + days)
    (case_id,) = apply_events(event | {"on_licence": True})
    return case_id


def test_a_recalculated_release_date_is_applied_once_a_day(hmpps_configured):
    _due_in(40)
    new_date = NOW.date() + timedelta(days=47)
    hmpps_configured.add(
        prisoner_record(NUMBER, releaseDate=new_date.isoformat(), nonDtoReleaseDate=None)
    )
    assert refresh().changed == 1
    assert refresh().changed == 0  # the same day again: nothing twice
    (case,) = cases_of(NUMBER)
    assert case.release_date == new_date
    assert sorted(e.type for e in prison_events()) == ["reception", "release_date_set"]


def test_only_custody_cases_within_the_plan_horizon_are_read_again(hmpps_configured):
    _due_in(40)
    _due_in(200, number="B2345CD")
    hmpps_configured.add(prisoner_record(NUMBER, releaseDate="2027-03-05"))
    refresh()
    assert hmpps_configured.requests_to("GET", "/prisoner/B2345CD") == 0
    assert hmpps_configured.requests_to("GET", f"/prisoner/{NUMBER}") == 1


def test_an_unchanged_date_writes_nothing(hmpps_configured):
    case_id = _due_in(40)
    (case,) = cases_of(NUMBER)
    same = case.release_date.isoformat()
    record = prisoner_record(NUMBER, releaseDate=same, conditionalReleaseDate=same)
    hmpps_configured.add(record | {"nonDtoReleaseDate": same})
    assert refresh().changed == 0 and cases_of(NUMBER)[0].id == case_id


def test_the_search_api_down_fails_the_step_naming_the_error(hmpps_configured):
    _due_in(40)
    hmpps_configured.fail_with(503)
    with pytest.raises(RefreshIncomplete, match="SearchServerError"):
        refresh()


def test_without_the_search_api_configured_the_step_does_nothing(db):
    _due_in(40)
    assert refresh().changed == 0


def test_decided_messages_older_than_the_keep_days_are_purged_and_waiting_ones_kept(db):
    for reason in ("RELEASED", "SENT_TO_COURT", "X", "F"):  # processed, ignored, waiting, failed
        post(hmpps_event(f"{HMPPS_SEARCH}.released", reason, prison="DMI"))
    old = NOW - timedelta(days=get_policy().hmpps_events.keep_days + 1)
    with session_scope() as session:
        session.execute(update(InboxMessage).values(received_at=old))
        session.execute(
            update(InboxMessage).where(InboxMessage.reason == "RELEASED").values(status="processed")
        )
        session.execute(
            update(InboxMessage).where(InboxMessage.reason == "X").values(status="pending")
        )
        session.execute(
            update(InboxMessage).where(InboxMessage.reason == "F").values(status="failed")
        )
    with session_scope() as session:
        result = purge_inbox(session, today=NOW.date(), policy=get_policy())
    assert result.closed == 2
    assert sorted(m.status for m in messages()) == ["failed", "pending"]  # for an admin
