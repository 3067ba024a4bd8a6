"""Where an HMPPS event and its message id come from: a bare event, or the SNS envelope.

SNS delivers `{Type: "Notification", MessageId, Message: "<the event as a JSON string>",
MessageAttributes: {eventType: {Type, Value}}}`; the id is SNS's `MessageId`. A bare event has
no id, so its id is "sha256:" and the hash of its canonical JSON (sorted keys, no spaces): the
same event posted twice gets the same id, and any change to it gives another. The same event
bare and in an envelope gets two ids.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from integrations.hmpps.errors import BadEvent


def open_message(raw: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
    """(message id, the event) from a decoded message, bare or enveloped."""
    if "Type" in raw or "Message" in raw or "MessageId" in raw:
        return _unwrap(raw)
    return _content_id(raw), raw


def _unwrap(envelope: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
    if envelope.get("Type") != "Notification":
        raise BadEvent("Type", "only an SNS Notification carries an event")
    message_id = required_text(envelope, "MessageId", "MessageId")
    try:
        event = json.loads(required_text(envelope, "Message", "Message"))
    except ValueError:
        event = None
    if not isinstance(event, Mapping):
        raise BadEvent("Message", "not an event as a JSON object in a string")
    attributes = envelope.get("MessageAttributes") or {}
    if not isinstance(attributes, Mapping):
        raise BadEvent("MessageAttributes", "not an object")
    attribute = attributes.get("eventType")
    if attribute is not None and (
        not isinstance(attribute, Mapping) or attribute.get("Value") != event.get("eventType")
    ):
        raise BadEvent("MessageAttributes.eventType", "differs from the event's eventType")
    return message_id, event


def _content_id(event: Mapping[str, Any]) -> str:
    try:
        canonical = json.dumps(event, sort_keys=True, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError):
        canonical = None
    if canonical is None:
        raise BadEvent("(message)", "not JSON data")
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def required_text(source: Mapping[str, Any], key: str, field: str) -> str:
    """A non-empty string, stripped; BadEvent naming `field` otherwise."""
    value = source.get(key)
    if not isinstance(value, str) or not value.strip():
        raise BadEvent(field, "missing or not a non-empty string")
    return value.strip()
