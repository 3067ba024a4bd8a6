"""The shape of a prison event (API.md `POST /events`), checked before anything is stored."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from resettlement.clock import LONDON
from resettlement.errors import FieldProblem, InvalidInput
from resettlement.inputs import problems_from
from resettlement.vocabulary import EventType

PrisonNumber = Annotated[
    str, StringConstraints(pattern=r"^[A-Z]\d{4}[A-Z]{2}$", strip_whitespace=True)
]
PrisonCode = Annotated[str, StringConstraints(min_length=1, max_length=10, strip_whitespace=True)]


class ReleaseDateType(StrEnum):
    """Release date kinds used by prisons (NOMIS sentence calculation)."""

    CRD = "CRD"  # conditional release date
    ARD = "ARD"  # automatic release date
    HDCED = "HDCED"  # home detention curfew eligibility
    PED = "PED"  # parole eligibility
    NPD = "NPD"  # non-parole date
    LRD = "LRD"  # licence release date
    PRRD = "PRRD"  # post-recall release date
    MTD = "MTD"  # mid-term date (detention and training orders)
    SED = "SED"  # sentence expiry date
    APD = "APD"  # approved parole date
    CONFIRMED = "CONFIRMED"  # confirmed release date


class PersonIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    given_name: str = Field(min_length=1, max_length=100)
    family_name: str = Field(min_length=1, max_length=100)
    date_of_birth: date
    gender: str = Field(min_length=1, max_length=30)


class EventIn(BaseModel):
    """One prison event. Field rules here; rules needing the records live in the intake."""

    model_config = ConfigDict(extra="forbid")

    event_id: str = Field(min_length=1, max_length=100)
    type: EventType
    occurred_at: AwareDatetime
    prison_number: PrisonNumber
    prison: PrisonCode
    person: PersonIn | None = None
    release_date: date | None = None
    release_date_type: ReleaseDateType | None = None
    on_licence: bool | None = None
    destination_area: str | None = Field(default=None, max_length=9)
    to_prison: PrisonCode | None = None
    reason: str | None = Field(default=None, max_length=500)

    @property
    def occurred_on(self) -> date:
        return self.occurred_at.astimezone(LONDON).date()


REQUIRED_BY_TYPE: dict[EventType, tuple[str, ...]] = {
    EventType.reception: ("person",),
    EventType.release_date_set: ("release_date",),
    EventType.transfer: ("to_prison",),
}


def parse_event(raw: object) -> EventIn:
    """Validate one event's shape and the fields its type requires (InvalidInput otherwise)."""
    if not isinstance(raw, dict):
        raise InvalidInput.one("(body)", "an event must be a JSON object")
    try:
        event = EventIn.model_validate(raw)
    except ValidationError as exc:
        raise InvalidInput(problems_from(exc)) from None
    missing = [
        FieldProblem(name, f"required on a {event.type.value} event", "missing")
        for name in REQUIRED_BY_TYPE.get(event.type, ())
        if getattr(event, name) is None
    ]
    if missing:
        raise InvalidInput(missing)
    return event
