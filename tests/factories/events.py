"""Prison events as the feed posts them (reception, follow-ups, release) and HMPPS domain events
as their publisher sends them; the prison, areas and region tests use (shipped reference data)."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from typing import Any

_numbers = itertools.count(1)


# A prison and areas from the shipped reference data (North East region).
PRISON = "DMI"  # HMP Durham


OTHER_PRISON = "HHI"  # HMP/YOI Holme House, also NE


FAR_PRISON = "PVI"  # HMP Pentonville, London


AREA = "E08000021"  # Newcastle upon Tyne (NE)


FAR_AREA = "W06000015"  # Cardiff (Wales)


REGION = "NE"


def prison_number() -> str:
    n = next(_numbers)
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    return f"A{n % 10000:04d}{letters[(n // 10000) % 23]}{letters[n % 23]}"


def event_id() -> str:
    return f"evt-{next(_numbers)}"


def iso(value: datetime | date) -> str:
    return value.isoformat()


def reception(
    *,
    at: datetime,
    prison_number_: str | None = None,
    prison: str = PRISON,
    release_in_days: int | None = 120,
    area: str | None = AREA,
    **extra: Any,
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "event_id": event_id(),
        "type": "reception",
        "occurred_at": iso(at),
        "prison_number": prison_number_ or prison_number(),
        "prison": prison,
        "person": {
            "given_name": "Aled",
            "family_name": "Morgan",
            "date_of_birth": "1988-03-14",
            "gender": "male",
        },
    }
    if release_in_days is not None:
        event["release_date"] = iso(at.date() + timedelta(days=release_in_days))
        event["release_date_type"] = "CRD"
    if area is not None:
        event["destination_area"] = area
    return event | extra


def follow_up(
    kind: str, *, number: str, at: datetime, prison: str = PRISON, **extra: Any
) -> dict[str, Any]:
    return {
        "event_id": event_id(),
        "type": kind,
        "occurred_at": iso(at),
        "prison_number": number,
        "prison": prison,
    } | extra


def release_event(number: str, *, at: datetime, area: str | None = None, **extra: Any) -> dict:
    """A release event for the person's case (destination area unchanged unless given)."""
    event = follow_up("release", number=number, at=at, **extra)
    if area is not None:
        event["destination_area"] = area
    return event


HMPPS_SEARCH = "prisoner-offender-search.prisoner"


HMPPS_OFFENDER_EVENTS = "prison-offender-events.prisoner"


def hmpps_event(
    kind: str,
    reason: str,
    *,
    number: str = "A1234BC",
    prison: str = "MDI",
    at: str | datetime = "2026-11-24T09:15:02.123456+00:00",
    code: str | None = None,
    **info: Any,
) -> dict[str, Any]:
    """A bare HMPPS domain event as its publisher sends it (`kind`: f"{HMPPS_SEARCH}.received")."""
    additional = {"nomsNumber": number, "reason": reason, "prisonId": prison} | info
    if kind.startswith(HMPPS_OFFENDER_EVENTS):
        additional |= {"currentLocation": "IN_PRISON", "currentPrisonStatus": "UNDER_PRISON_CARE"}
        additional |= {"details": "ACTIVE IN:ADM-N"} | (
            {"nomisMovementReasonCode": code} if code else {}
        )
    return {
        "eventType": kind,
        "version": 1,
        "description": "A prisoner has been received into prison",
        "occurredAt": at if isinstance(at, str) else at.isoformat(),
        "publishedAt": "2026-11-24T09:15:04.5+00:00",
        "additionalInformation": additional,
        "personReference": {"identifiers": [{"type": "NOMS", "value": number}]},
    }


def sns_envelope(
    bare: dict[str, Any], message_id: str = "5b8fc1a2-0c2e-5a4f-9b51-6c1c2a1d7e01"
) -> dict[str, Any]:
    """The event in the SNS envelope HMPPS's topic delivers it in."""
    import json

    return {
        "Type": "Notification",
        "MessageId": message_id,
        "TopicArn": "arn:aws:sns:eu-west-2:000000000000:hmpps-domain-events",
        "Message": json.dumps(bare),
        "Timestamp": "2026-11-24T09:15:05.000Z",
        "MessageAttributes": {"eventType": {"Type": "String", "Value": bare["eventType"]}},
    }
