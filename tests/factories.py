"""Builders for the things tests need: prison events, users, cases through the real intake."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from typing import Any

from resettlement.domain.vocabulary import Role

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


USERS: dict[str, tuple[Role, str | None]] = {
    "admin": (Role.admin, None),
    "durham": (Role.prison_staff, PRISON),
    "pentonville": (Role.prison_staff, FAR_PRISON),
    "newcastle": (Role.cjit_worker, AREA),
    "cardiff": (Role.cjit_worker, FAR_AREA),
    "rom-ne": (Role.rom, REGION),
    "rom-ln": (Role.rom, "LN"),
}
