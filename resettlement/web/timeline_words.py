"""The case timeline in sentences, newest first: what happened, in the vocabulary's words.

An entry's data is shown through the labels (web/labels.py): codes as words, dates as
"9 July 2026", never an id. Kinds without a sentence of their own read "<Kind>: key value, ...".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from resettlement.web import filters, labels

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T")
CODE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$|^[a-z]+$")
# Keys whose values say nothing to a reader (ids, references between records).
HIDDEN_KEYS = {"reference", "attempts", "packet_version", "episode"}
KEY_WORDS = {"day_offset": "day", "from": "from", "to": "to", "tasks_closed": "tasks closed"}


def value_words(value: Any) -> str:
    """A value of an entry's data in words (dates as dates, codes as labels, no ids)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(v for v in (value_words(v) for v in value) if v)
    if isinstance(value, dict):
        return ", ".join(f"{_key(k)} {value_words(v)}" for k, v in value.items() if _shown(k, v))
    if isinstance(value, str):
        if UUID.match(value):
            return ""
        if ISO_TIME.match(value):
            return filters.govuk_datetime(value)
        if ISO_DATE.match(value):
            return filters.govuk_date(value)
        if CODE.match(value) and ("_" in value or value in labels.LABELS):
            return labels.label(value)
        if value.isupper() and value in _prisons_and_areas():
            return _place(value)
    return str(value)


def _prisons_and_areas() -> set[str]:
    reference = filters.get_reference()
    return set(reference.prisons) | set(reference.areas)


def _place(code: str) -> str:
    reference = filters.get_reference()
    return filters.prison_name(code) if code in reference.prisons else filters.area_name(code)


def _key(key: str) -> str:
    return KEY_WORDS.get(key, key.replace("_", " "))


def key_shown(key: str, value: Any = "") -> bool:
    """Whether a key of recorded data is shown to a reader (never an id or a reference)."""
    return not _hidden(key) and not (isinstance(value, str) and UUID.match(value))


def _hidden(key: str) -> bool:
    return key == "id" or key.endswith("_id") or key in HIDDEN_KEYS


def _shown(key: str, value: Any) -> bool:
    if _hidden(key):
        return False
    if isinstance(value, str) and UUID.match(value):
        return False
    return value not in (None, "", [], {})


def _details(data: dict[str, Any]) -> str:
    parts = [f"{_key(k)}: {value_words(v)}" for k, v in data.items() if _shown(k, v)]
    return "; ".join(p for p in parts if not p.endswith(": "))


def _stage(d: dict[str, Any]) -> str:
    move = f"Moved from {labels.lower_label(d.get('from'))} to {labels.lower_label(d.get('to'))}"
    return f"{move}: {d['reason']}." if d.get("reason") else f"{move}."


def _check(d: dict[str, Any]) -> str:
    outcome = labels.lower_label(d.get("outcome"))
    return f"Tenancy check at day {d.get('day_offset')} recorded: {outcome}."


def _received(d: dict[str, Any]) -> str:
    release = d.get("release_date")
    tail = f", release date {filters.govuk_date(release)}" if release else ""
    return f"Received at {filters.prison_name(d.get('prison'))}{tail}."


def _transferred(d: dict[str, Any]) -> str:
    before, after = filters.prison_name(d.get("from")), filters.prison_name(d.get("to"))
    return f"Transferred from {before} to {after}."


def _allocated(d: dict[str, Any]) -> str:
    return f"{d.get('worker')} named as the {labels.label(d.get('team'))} worker."


def _task_done(d: dict[str, Any]) -> str:
    done = f"Task marked done: {labels.lower_label(d.get('kind'))}."
    return f"{done} Note: {d['notes']}" if d.get("notes") else done


def _signed(d: dict[str, Any]) -> str:
    return f"{labels.label(d.get('party'))} signed version {d.get('version')} of the release plan."


SENTENCES: dict[str, Callable[[dict[str, Any]], str]] = {
    "stage_changed": _stage,
    "tenancy_check_recorded": _check,
    "received": _received,
    "transferred": _transferred,
    "allocated": _allocated,
    "task_completed": _task_done,
    "release_plan_signed": _signed,
}


def sentence(kind: str, data: dict[str, Any] | None) -> str:
    """What happened, as one sentence."""
    data = data or {}
    if kind in SENTENCES:
        return SENTENCES[kind](data)
    what = labels.label(kind)
    details = _details(data)
    return f"{what}: {details}." if details else f"{what}."


def entries(timeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The timeline newest first, each with its sentence and who did it in words."""
    ordered = list(reversed(timeline))  # the timeline is read oldest first
    return [
        {
            **e,
            "text": sentence(str(e.get("kind", "")), e.get("data")),
            "who": "The system" if e.get("actor") in (None, "", "system") else e.get("actor"),
        }
        for e in ordered
    ]
