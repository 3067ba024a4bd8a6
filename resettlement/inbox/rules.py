"""What an HMPPS movement means for the gateway: which prison events it becomes, given what we
already hold of the person and what the Prisoner Search API says of them. Pure: no I/O.

| movement | the person's latest case | becomes |
| --- | --- | --- |
| admission, readmission | none, or out of custody | a reception (person and dates: search API) |
| admission, readmission | in custody at another prison | a transfer there |
| admission, readmission | in custody at that prison | ignored: already there |
| recall | released, handed over, monitored, closed | a recall, then the search API's date |
| recall | none, or withdrawn | a reception |
| recall | in custody | ignored: already in custody |
| transfer (arrival) | in custody elsewhere | a transfer |
| transfer (arrival) | in custody there | ignored: already there |
| transfer (arrival) | none, or out of custody | a reception at the new prison |
| release | in custody | a release |
| release | none, or out of custody | ignored: nothing to release |

Court, temporary absence, hospital and a transfer's departure are ignored when the message is
received (integrations/hmpps/movements.py), and so are prisons the gateway does not cover.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from integrations.hmpps import Movement, Prisoner
from resettlement.clock import LONDON
from resettlement.vocabulary import CUSTODY_STAGES, EventType, Stage

ADMISSIONS = frozenset({Movement.ADMISSION, Movement.READMISSION})
RECALLABLE = frozenset({Stage.released, Stage.handed_over, Stage.tenancy_monitoring, Stage.closed})
GENDER_NOT_KNOWN = "not known"


@dataclass(frozen=True)
class Latest:
    """What the gateway holds of the person: their latest case."""

    case_id: str
    stage: Stage
    prison: str

    @property
    def in_custody(self) -> bool:
        return self.stage in CUSTODY_STAGES


@dataclass(frozen=True)
class Message:
    """One message of the inbox, as the rules need it."""

    key: str  # our event ids derive from it (one message, at most two events)
    movement: Movement
    prison: str
    noms_number: str
    occurred_at: datetime


@dataclass(frozen=True)
class Ignored:
    reason: str


@dataclass(frozen=True)
class Events:
    """The prison events to apply through the intake, in order (POST /events shapes)."""

    events: list[dict[str, Any]]
    summary: str


def _opens_case(movement: Movement, latest: Latest | None) -> bool:
    if latest is None or not latest.in_custody:
        if movement in ADMISSIONS or movement == Movement.TRANSFER:
            return True
        if movement == Movement.RECALL:
            return latest is None or latest.stage not in RECALLABLE
    return False


def needs_prisoner(movement: Movement, latest: Latest | None) -> bool:
    """Whether the Prisoner Search API must be asked: to open a case, or for a recall's date."""
    if _opens_case(movement, latest):
        return True
    return movement == Movement.RECALL and latest is not None and latest.stage in RECALLABLE


def plan(message: Message, latest: Latest | None, prisoner: Prisoner | None) -> Events | Ignored:
    """The events a message becomes (or why it is ignored); `prisoner` when `needs_prisoner`."""
    if _opens_case(message.movement, latest):
        assert prisoner is not None, "a case is opened from the Prisoner Search API's record"
        return Events([reception(message, prisoner)], "opened a case from the search API")
    if latest is None:
        return Ignored("no case for this person")
    if message.movement == Movement.RELEASE:
        if not latest.in_custody:
            return Ignored(f"no case in custody for this person (stage {latest.stage.value})")
        return Events([_event(message, EventType.release)], "released")
    if message.movement == Movement.RECALL:
        if latest.in_custody:
            return Ignored(f"already in custody at {latest.prison}: nothing to recall")
        assert prisoner is not None, "a recall's release date comes from the search API"
        return Events(_recall(message, prisoner), "recalled")
    if latest.prison == message.prison:
        return Ignored(f"already in custody at {message.prison}")
    transfer = _event(message, EventType.transfer, prison=latest.prison, to_prison=message.prison)
    return Events([transfer], f"transferred from {latest.prison}")


def reception(message: Message, prisoner: Prisoner) -> dict[str, Any]:
    """A reception at the message's prison, the person as the search API describes them."""
    event = _event(message, EventType.reception)
    event["person"] = {
        "given_name": prisoner.first_name,
        "family_name": prisoner.last_name,
        "date_of_birth": prisoner.date_of_birth.isoformat(),
        "gender": (prisoner.gender or GENDER_NOT_KNOWN).lower(),
    }
    return event | release_fields(prisoner, not_before=_day(message.occurred_at))


def release_fields(prisoner: Prisoner, *, not_before: date) -> dict[str, Any]:
    """The release date, its type and the licence, when the search API gives a usable date."""
    when = prisoner.effective_release_date
    if when is None or when < not_before:
        return {}
    fields: dict[str, Any] = {"release_date": when.isoformat()}
    if prisoner.release_date_type is not None:
        fields["release_date_type"] = prisoner.release_date_type
    if prisoner.on_licence_after_release is not None:
        fields["on_licence"] = prisoner.on_licence_after_release
    return fields


def _recall(message: Message, prisoner: Prisoner) -> list[dict[str, Any]]:
    events = [_event(message, EventType.recall)]
    dates = release_fields(prisoner, not_before=_day(message.occurred_at))
    if dates:
        events.append(_event(message, EventType.release_date_set, part="release-date") | dates)
    return events


def _event(
    message: Message, kind: EventType, *, part: str | None = None, **fields: Any
) -> dict[str, Any]:
    return {
        "event_id": message.key if part is None else f"{message.key}:{part}",
        "type": kind.value,
        "occurred_at": message.occurred_at.isoformat(),
        "prison_number": message.noms_number,
        "prison": message.prison,
        **fields,
    }


def _day(instant: datetime) -> date:
    return instant.astimezone(LONDON).date()
