"""HMPPS prisoner events of both families, bare and in their SNS envelope, parsed into the
movement they describe: admissions, recalls, transfers, releases, and what is ignored and why."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from integrations.hmpps import (
    RECALL_CODES,
    UNCONFIRMED_RECALL_CODES,
    BadEvent,
    Movement,
    UnsupportedEvent,
    parse_event,
)
from tests.factories import HMPPS_OFFENDER_EVENTS as OFFENDER_EVENTS
from tests.factories import HMPPS_SEARCH as SEARCH
from tests.factories import hmpps_event as event
from tests.factories import sns_envelope as sns


def test_a_bare_new_admission_gives_every_field_and_a_content_derived_id():
    parsed = parse_event(event(f"{SEARCH}.received", "NEW_ADMISSION"))
    assert (parsed.movement, parsed.ignore_reason, parsed.ignored) == (
        Movement.ADMISSION,
        None,
        False,
    )
    assert (parsed.noms_number, parsed.prison_id, parsed.reason) == (
        "A1234BC",
        "MDI",
        "NEW_ADMISSION",
    )
    assert parsed.event_type == f"{SEARCH}.received" and parsed.movement_reason_code is None
    assert parsed.occurred_at == datetime(2026, 11, 24, 9, 15, 2, 123456, tzinfo=UTC)
    assert parsed.message_id.startswith("sha256:") and len(parsed.message_id) == 7 + 64


def test_a_bare_events_id_is_stable_for_the_same_content_and_changes_with_it():
    same = event(f"{SEARCH}.received", "NEW_ADMISSION")
    reordered = dict(reversed(list(copy.deepcopy(same).items())))
    later = same | {"occurredAt": "2026-11-24T10:00:00+00:00"}
    assert parse_event(same).message_id == parse_event(reordered).message_id
    assert parse_event(same).message_id != parse_event(later).message_id


def test_an_sns_envelope_gives_its_message_id_and_the_inner_event():
    parsed = parse_event(sns(event(f"{OFFENDER_EVENTS}.received", "ADMISSION", code="N")))
    assert parsed.message_id == "5b8fc1a2-0c2e-5a4f-9b51-6c1c2a1d7e01"
    assert (parsed.movement, parsed.movement_reason_code) == (Movement.ADMISSION, "N")


@pytest.mark.parametrize("code", sorted(RECALL_CODES | UNCONFIRMED_RECALL_CODES))
def test_an_admission_with_a_recall_movement_reason_code_is_a_recall(code):
    parsed = parse_event(sns(event(f"{OFFENDER_EVENTS}.received", "ADMISSION", code=code)))
    assert (parsed.movement, parsed.ignore_reason) == (Movement.RECALL, None)


@pytest.mark.parametrize("code", ["N", "I", "V", "INT", "24X", "l"])
def test_an_admission_with_another_code_is_an_admission(code):
    parsed = parse_event(event(f"{OFFENDER_EVENTS}.received", "ADMISSION", code=code))
    assert parsed.movement is Movement.ADMISSION


@pytest.mark.parametrize("reason", ["READMISSION", "READMISSION_SWITCH_BOOKING"])
def test_a_readmission_without_a_recall_code_is_acted_on_like_an_admission(reason):
    parsed = parse_event(event(f"{SEARCH}.received", reason))
    assert (parsed.movement, parsed.ignored) == (Movement.READMISSION, False)


def test_a_post_merge_admission_is_an_admission():
    assert parse_event(event(f"{SEARCH}.received", "POST_MERGE_ADMISSION")).movement is (
        Movement.ADMISSION
    )


@pytest.mark.parametrize("family", [SEARCH, OFFENDER_EVENTS])
def test_arriving_by_transfer_is_a_transfer_into_the_prison_named(family):
    parsed = parse_event(
        sns(event(f"{family}.received", "TRANSFERRED", prisonId="LEI", code="INT"))
    )
    assert (parsed.movement, parsed.prison_id, parsed.ignored) == (Movement.TRANSFER, "LEI", False)


@pytest.mark.parametrize("family", [SEARCH, OFFENDER_EVENTS])
def test_leaving_by_transfer_is_ignored_until_the_arrival(family):
    parsed = parse_event(event(f"{family}.released", "TRANSFERRED"))
    assert parsed.movement is Movement.TRANSFER and parsed.ignored
    assert "received event" in (parsed.ignore_reason or "")


@pytest.mark.parametrize("family", [SEARCH, OFFENDER_EVENTS])
def test_a_release_is_a_release_from_the_prison_named(family):
    parsed = parse_event(sns(event(f"{family}.released", "RELEASED", prisonId="HMI", code="CR")))
    assert (parsed.movement, parsed.prison_id, parsed.ignored) == (Movement.RELEASE, "HMI", False)


@pytest.mark.parametrize(
    ("direction", "reason", "movement", "words"),
    [
        ("received", "RETURN_FROM_COURT", Movement.COURT, "court"),
        ("received", "TEMPORARY_ABSENCE_RETURN", Movement.TEMPORARY_ABSENCE, "temporary absence"),
        ("released", "SENT_TO_COURT", Movement.COURT, "court"),
        ("released", "TEMPORARY_ABSENCE_RELEASE", Movement.TEMPORARY_ABSENCE, "temporary licence"),
        ("released", "RELEASED_TO_HOSPITAL", Movement.HOSPITAL, "hospital"),
        ("released", "UNKNOWN", Movement.OTHER, "UNKNOWN"),
        ("received", "SOMETHING_NEW", Movement.OTHER, "SOMETHING_NEW"),
    ],
)
@pytest.mark.parametrize("family", [SEARCH, OFFENDER_EVENTS])
def test_court_temporary_absence_and_hospital_movements_are_ignored_with_a_reason(
    family, direction, reason, movement, words
):
    parsed = parse_event(sns(event(f"{family}.{direction}", reason, code="CRT")))
    assert parsed.movement is movement and parsed.ignored
    assert words in (parsed.ignore_reason or "")


def test_a_recall_code_on_a_court_return_is_still_a_court_return():
    parsed = parse_event(event(f"{OFFENDER_EVENTS}.received", "RETURN_FROM_COURT", code="L"))
    assert parsed.movement is Movement.COURT and parsed.ignored


def test_the_prison_number_may_come_from_the_person_reference_alone():
    bare = event(f"{SEARCH}.released", "RELEASED")
    del bare["additionalInformation"]["nomsNumber"]
    assert parse_event(bare).noms_number == "A1234BC"


def test_a_local_time_with_an_offset_is_kept_aware():
    bare = event(f"{SEARCH}.received", "NEW_ADMISSION") | {
        "occurredAt": "2026-06-01T10:00:00+01:00"
    }
    parsed = parse_event(bare)
    assert parsed.occurred_at.utcoffset() == timedelta(hours=1)
    assert parsed.occurred_at == datetime(2026, 6, 1, 10, tzinfo=timezone(timedelta(hours=1)))


def test_an_event_type_we_do_not_handle_is_unsupported_and_keeps_its_id():
    bare = event(f"{SEARCH}.received", "NEW_ADMISSION") | {
        "eventType": "prisoner-offender-search.prisoner.updated"
    }
    with pytest.raises(UnsupportedEvent) as caught:
        parse_event(sns(bare, message_id="m-1"))
    assert (caught.value.event_type, caught.value.message_id) == (
        "prisoner-offender-search.prisoner.updated",
        "m-1",
    )


def _without(path: str):
    def change(e: dict) -> None:
        *parents, last = path.split(".")
        target = e
        for p in parents:
            target = target[p]
        del target[last]

    return change


def _set(path: str, value: Any):
    def change(e: dict) -> None:
        *parents, last = path.split(".")
        target = e
        for p in parents:
            target = target[p]
        target[last] = value

    return change


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (_without("eventType"), "eventType"),
        (_without("occurredAt"), "occurredAt"),
        (_set("occurredAt", "2026-11-24T09:15:02"), "occurredAt"),
        (_set("occurredAt", "yesterday"), "occurredAt"),
        (_without("additionalInformation"), "additionalInformation"),
        (_without("additionalInformation.prisonId"), "additionalInformation.prisonId"),
        (_without("additionalInformation.reason"), "additionalInformation.reason"),
        (_set("additionalInformation.reason", 7), "additionalInformation.reason"),
        (_set("additionalInformation.nomsNumber", "Q12X"), "additionalInformation.nomsNumber"),
        (_set("additionalInformation.nomsNumber", "B7654ZY"), "personReference.identifiers"),
        (_set("personReference", {"identifiers": "A1234BC"}), "personReference.identifiers"),
        (
            lambda e: (
                _without("additionalInformation.nomsNumber")(e),
                _without("personReference")(e),
            ),
            "additionalInformation.nomsNumber",
        ),
        (
            _set("additionalInformation.nomisMovementReasonCode", ["L"]),
            "additionalInformation.nomisMovementReasonCode",
        ),
    ],
)
def test_a_malformed_event_is_refused_naming_the_field(change, field):
    bare = event(f"{OFFENDER_EVENTS}.received", "ADMISSION", code="L")
    change(bare)
    for message in [bare] + ([sns(bare)] if "eventType" in bare else []):
        with pytest.raises(BadEvent) as caught:
            parse_event(message)
        assert caught.value.field == field and str(caught.value).startswith(field)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda m: m.update(Type="SubscriptionConfirmation"), "Type"),
        (lambda m: m.pop("MessageId"), "MessageId"),
        (lambda m: m.update(Message="{not json"), "Message"),
        (lambda m: m.update(Message=json.dumps(["a list"])), "Message"),
        (lambda m: m.update(Message={"eventType": "x"}), "Message"),
        (lambda m: m.update(MessageAttributes=["eventType"]), "MessageAttributes"),
        (
            lambda m: m["MessageAttributes"]["eventType"].update(Value=f"{SEARCH}.released"),
            "MessageAttributes.eventType",
        ),
    ],
)
def test_a_malformed_envelope_is_refused_naming_the_field(change, field):
    message = sns(event(f"{SEARCH}.received", "NEW_ADMISSION"))
    change(message)
    with pytest.raises(BadEvent) as caught:
        parse_event(message)
    assert caught.value.field == field


def test_something_other_than_an_object_is_a_bad_event():
    with pytest.raises(BadEvent):
        parse_event(["not", "an", "object"])


def test_a_bad_event_never_echoes_what_it_was_sent():
    bare = event(f"{SEARCH}.received", "NEW_ADMISSION", nomsNumber="Morgan Price 1975")
    with pytest.raises(BadEvent) as caught:
        parse_event(bare)
    assert "Morgan" not in str(caught.value) and caught.value.__context__ is None
