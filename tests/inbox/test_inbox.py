"""The HMPPS event inbox against HMPPS Auth and the Prisoner Search API on loopback: stored
first, completed from the search API, applied through the intake in order per person, once;
ignored with a reason; waiting (nothing lost) while the search API or Auth is down."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest

from resettlement.errors import InvalidInput
from resettlement.inbox.store import receive
from resettlement.policy import get_reference
from resettlement.storage.db import session_scope
from tests.conftest import NOW
from tests.factories import (
    HMPPS_OFFENDER_EVENTS,
    HMPPS_SEARCH,
    apply_events,
    hmpps_event,
    reception,
    release_event,
    sns_envelope,
)
from tests.inbox.helpers import cases_of, messages, post, prison_events, run
from tests.standins.hmpps import prisoner_record

NUMBER = "A1234BC"
RECEIVED = f"{HMPPS_SEARCH}.received"
RELEASED = f"{HMPPS_SEARCH}.released"


def admitted(at: str = "2026-11-24T08:15:00+00:00", **kw) -> dict:
    return sns_envelope(hmpps_event(RECEIVED, "NEW_ADMISSION", at=at, **kw), **_id(kw))


def _id(kw: dict) -> dict:
    return {"message_id": kw.pop("message_id")} if "message_id" in kw else {}


def test_a_received_event_in_its_sns_envelope_opens_a_case_from_the_search_api(hmpps_configured):
    hmpps_configured.add(prisoner_record(NUMBER, firstName="Robert", lastName="Larsen"))
    assert post(admitted()).status == "accepted"
    assert run().changed == 1
    (case,) = cases_of(NUMBER)
    assert (case.given_name, case.family_name, case.prison) == ("Robert", "Larsen", "MDI")
    assert (case.release_date, case.release_date_type) == (date(2027, 3, 5), "CRD")
    assert (case.date_of_birth, case.gender, case.on_licence) == (date(1975, 4, 2), "male", True)
    (message,) = messages()
    assert (message.status, message.case_id, message.attempts) == ("processed", case.id, 1)
    assert [e.type for e in prison_events()] == ["reception"]


def test_the_same_message_again_changes_nothing(hmpps_configured):
    hmpps_configured.add(prisoner_record(NUMBER))
    post(admitted())
    run()
    receipt = post(admitted())
    assert (receipt.status, receipt.case_id) == ("duplicate", cases_of(NUMBER)[0].id)
    assert run().changed == 0
    assert len(messages()) == 1 and len(cases_of(NUMBER)) == 1 and len(prison_events()) == 1
    assert hmpps_configured.requests_to("GET", f"/prisoner/{NUMBER}") == 1


def test_a_court_movement_is_ignored_with_its_reason_and_the_search_api_is_not_asked(
    hmpps_configured,
):
    receipt = post(sns_envelope(hmpps_event(RELEASED, "SENT_TO_COURT")))
    assert receipt.status == "ignored" and "court" in (receipt.reason or "")
    (message,) = messages()
    assert (message.status, message.movement) == ("ignored", "court")
    assert run().changed == 0 and hmpps_configured.request_count == 0


def test_a_prison_the_gateway_does_not_cover_is_ignored_naming_it(db):
    receipt = post(hmpps_event(RECEIVED, "NEW_ADMISSION", prison="ZZZ"))
    assert receipt.status == "ignored" and "'ZZZ'" in (receipt.reason or "")


def test_an_event_type_the_gateway_does_not_handle_is_stored_as_ignored(db):
    raw = hmpps_event("prisoner-offender-search.prisoner.alerts-updated", "ALERTS")
    receipt = post(raw)
    assert receipt.status == "ignored" and "alerts-updated" in (receipt.reason or "")
    assert messages()[0].noms_number is None


def test_a_malformed_event_is_refused_naming_the_field_and_nothing_is_stored(db):
    raw = hmpps_event(RECEIVED, "NEW_ADMISSION")
    raw["additionalInformation"].pop("prisonId")
    with pytest.raises(InvalidInput) as refused, session_scope() as session:
        receive(session, raw, reference=get_reference(), now=NOW)
    assert refused.value.problems[0].field == "additionalInformation.prisonId"
    assert messages() == []


def test_a_release_of_a_person_in_custody_releases_their_case_without_asking_the_search_api(
    hmpps_configured,
):
    (case_id,) = apply_events(reception(at=NOW - timedelta(days=30), prison_number_=NUMBER))
    post(hmpps_event(RELEASED, "RELEASED", prison="DMI", at=NOW.isoformat()))
    run()
    (case,) = cases_of(NUMBER)
    assert (case.id, case.stage) == (case_id, "released")
    assert hmpps_configured.request_count == 0


def test_a_readmission_with_a_recall_code_recalls_the_released_case_with_the_new_date(
    hmpps_configured,
):
    event = reception(at=NOW - timedelta(days=200), prison_number_=NUMBER)
    apply_events(event, release_event(NUMBER, at=NOW - timedelta(days=60)))
    hmpps_configured.add(prisoner_record(NUMBER, releaseDate="2027-01-20", nonDtoReleaseDate=None))
    kind = f"{HMPPS_OFFENDER_EVENTS}.received"
    post(hmpps_event(kind, "ADMISSION", code="L", prison="DMI", at=NOW.isoformat()))
    run()
    (case,) = cases_of(NUMBER)
    assert (case.stage, case.episode, case.release_date) == ("recalled", 2, date(2027, 1, 20))
    # Received in one instant: the readmission's two events come last (by when they occurred).
    assert sorted(e.type for e in prison_events()[-2:]) == ["recall", "release_date_set"]


def test_a_transfer_moves_the_case_and_a_second_arrival_there_is_ignored(hmpps_configured):
    apply_events(reception(at=NOW - timedelta(days=30), prison_number_=NUMBER))
    post(hmpps_event(RECEIVED, "TRANSFERRED", prison="HHI", at=NOW.isoformat()))
    post(hmpps_event(RECEIVED, "TRANSFERRED", prison="HHI", at=(NOW + timedelta(hours=1))))
    run()
    assert cases_of(NUMBER)[0].prison == "HHI"
    assert [m.status for m in messages()] == ["processed", "ignored"]
    assert "already in custody at HHI" in (messages()[1].outcome or "")


def test_a_persons_messages_are_applied_in_the_order_they_happened_whatever_their_arrival(
    hmpps_configured,
):
    hmpps_configured.add(prisoner_record(NUMBER, prisonId="DMI"))
    post(hmpps_event(RELEASED, "RELEASED", prison="DMI", at=NOW + timedelta(days=2)))
    post(admitted(at=NOW.isoformat(), prison="DMI"))
    run(now=NOW + timedelta(days=3))
    assert [m.status for m in messages()] == ["processed", "processed"]
    (case,) = cases_of(NUMBER)
    assert case.stage == "released"


def test_a_release_for_someone_the_gateway_never_had_is_ignored_and_opens_nothing(
    hmpps_configured,
):
    post(hmpps_event(RELEASED, "RELEASED", prison="DMI"))
    run()
    (message,) = messages()
    assert (message.status, message.outcome) == ("ignored", "no case for this person")
    assert cases_of(NUMBER) == [] and hmpps_configured.request_count == 0


def test_a_person_the_search_api_does_not_know_fails_with_the_error_kept(hmpps_configured):
    post(admitted())
    run()
    (message,) = messages()
    assert message.status == "failed" and "PrisonerNotFound" in (message.last_error or "")
    assert NUMBER not in (message.last_error or "")
    assert cases_of(NUMBER) == []


FAULTS = {
    "search down": lambda auth, search: search.go_down(),
    "search slow": lambda auth, search: search.answer_slowly(),
    "search 500": lambda auth, search: search.fail_with(500),
    "search 429": lambda auth, search: search.rate_limit(120),
    "auth down": lambda auth, search: auth.go_down(),
    "auth slow": lambda auth, search: auth.answer_slowly(),
    "auth 503": lambda auth, search: auth.fail_with(503),
    "auth 429": lambda auth, search: auth.rate_limit(30),
}


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
def test_while_hmpps_is_down_the_message_waits_and_is_applied_once_it_is_back(
    hmpps_auth_standin, hmpps_configured, fault
):
    search = hmpps_configured
    search.add(prisoner_record(NUMBER))
    post(admitted())
    fault(hmpps_auth_standin, search)
    assert run().changed == 1
    (message,) = messages()
    assert (message.status, message.attempts) == ("pending", 1) and message.last_error
    assert message.next_attempt_at is not None and message.next_attempt_at > NOW
    assert run().changed == 0  # not due yet: nobody is asked again
    for standin in (hmpps_auth_standin, search):
        standin.back_to_normal()
        standin.come_back()
    run(now=message.next_attempt_at)
    assert [m.status for m in messages()] == ["processed"] and len(cases_of(NUMBER)) == 1


def test_a_429_waits_as_long_as_the_search_api_asks(hmpps_configured):
    hmpps_configured.add(prisoner_record(NUMBER))
    post(admitted())
    hmpps_configured.rate_limit(3600)
    run()
    assert messages()[0].next_attempt_at == NOW + timedelta(seconds=3600)


def test_a_waiting_message_holds_back_the_same_persons_later_ones_but_not_others(
    hmpps_configured,
):
    other = "B2345CD"
    hmpps_configured.add(prisoner_record(other))
    post(admitted())  # unknown to nobody yet: the search API is down for it below
    post(hmpps_event(RELEASED, "RELEASED", at="2026-11-24T10:00:00+00:00"))
    hmpps_configured.fail_with(500)
    run()
    hmpps_configured.back_to_normal()
    post(admitted(number=other, message_id="other-person"))
    run()
    statuses = {(m.noms_number, m.status) for m in messages()}
    assert statuses == {(NUMBER, "pending"), (other, "processed")}


def test_two_runs_at_once_apply_each_message_exactly_once(hmpps_configured):
    numbers = [f"A{n:04d}BC" for n in range(1, 9)]
    for n, number in enumerate(numbers):
        hmpps_configured.add(prisoner_record(number))
        post(admitted(number=number, message_id=f"m-{n}"))
    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(m.status == "processed" for m in messages())
    assert all(len(cases_of(number)) == 1 for number in numbers)
    searched = sum(hmpps_configured.requests_to("GET", f"/prisoner/{n}") for n in numbers)
    assert searched == len(numbers)
