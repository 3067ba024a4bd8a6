"""HMPPS domain events about prisoners, bare or in their SNS envelope, parsed (no I/O).

An event: `{eventType, version, occurredAt, additionalInformation: {nomsNumber, prisonId,
reason, ...}, personReference: {identifiers: [{type: "NOMS", value}]}}`, bare or in its SNS
envelope (see `envelope`, which also gives the message id). Which movement an event is, and
why some are ignored, is decided in `movements`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from integrations.hmpps.envelope import open_message, required_text
from integrations.hmpps.errors import BadEvent, UnsupportedEvent
from integrations.hmpps.movements import Movement, classify
from integrations.hmpps.prisoner import PRISON_NUMBER

HANDLED_TYPES = {
    "prisoner-offender-search.prisoner.received": "received",
    "prisoner-offender-search.prisoner.released": "released",
    "prison-offender-events.prisoner.received": "received",
    "prison-offender-events.prisoner.released": "released",
}


@dataclass(frozen=True)
class HmppsEvent:
    message_id: str
    event_type: str
    occurred_at: datetime  # timezone-aware
    noms_number: str
    prison_id: str  # received: the prison now; released: the prison left
    reason: str
    movement_reason_code: str | None  # NOMIS code; only prison-offender-events sends it
    movement: Movement
    ignore_reason: str | None  # None: the gateway acts on this event

    @property
    def ignored(self) -> bool:
        return self.ignore_reason is not None


def parse_event(raw: Any) -> HmppsEvent:
    """The event in `raw` (a decoded JSON object); BadEvent or UnsupportedEvent otherwise."""
    if not isinstance(raw, Mapping):
        raise BadEvent("(message)", "not a JSON object")
    message_id, event = open_message(raw)
    event_type = required_text(event, "eventType", "eventType")
    direction = HANDLED_TYPES.get(event_type)
    if direction is None:
        raise UnsupportedEvent(event_type, message_id)
    info = event.get("additionalInformation")
    if not isinstance(info, Mapping):
        raise BadEvent("additionalInformation", "missing or not an object")
    reason = required_text(info, "reason", "additionalInformation.reason")
    code = _optional_text(
        info, "nomisMovementReasonCode", "additionalInformation.nomisMovementReasonCode"
    )
    movement, ignore_reason = classify(direction, reason, code)
    return HmppsEvent(
        message_id=message_id,
        event_type=event_type,
        occurred_at=_occurred_at(event),
        noms_number=_noms_number(event, info),
        prison_id=required_text(info, "prisonId", "additionalInformation.prisonId"),
        reason=reason,
        movement_reason_code=code,
        movement=movement,
        ignore_reason=ignore_reason,
    )


def _occurred_at(event: Mapping[str, Any]) -> datetime:
    text = required_text(event, "occurredAt", "occurredAt")
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        raise BadEvent("occurredAt", "not an ISO 8601 time with an offset")
    return when


def _noms_number(event: Mapping[str, Any], info: Mapping[str, Any]) -> str:
    """From additionalInformation.nomsNumber and/or the NOMS identifier; they must agree."""
    numbers = {}
    stated = _optional_text(info, "nomsNumber", "additionalInformation.nomsNumber")
    if stated is not None:
        numbers["additionalInformation.nomsNumber"] = stated.upper()
    identified = _identified_noms(event.get("personReference"))
    if identified is not None:
        numbers["personReference.identifiers"] = identified.upper()
    if not numbers:
        raise BadEvent("additionalInformation.nomsNumber", "missing, and no NOMS identifier")
    for field, number in numbers.items():
        if not PRISON_NUMBER.fullmatch(number):
            raise BadEvent(field, "not a prison number (letter, 4 digits, 2 letters)")
    if len(set(numbers.values())) > 1:
        raise BadEvent("personReference.identifiers", "NOMS differs from nomsNumber")
    return next(iter(numbers.values()))


def _identified_noms(reference: Any) -> str | None:
    if reference is None:
        return None
    identifiers = reference.get("identifiers") if isinstance(reference, Mapping) else None
    if not isinstance(identifiers, list):
        raise BadEvent("personReference.identifiers", "not a list")
    for item in identifiers:
        if isinstance(item, Mapping) and item.get("type") == "NOMS":
            return required_text(item, "value", "personReference.identifiers.value")
    return None


def _optional_text(source: Mapping[str, Any], key: str, field: str) -> str | None:
    return None if source.get(key) is None else required_text(source, key, field)
