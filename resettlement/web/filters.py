"""Template filters: GOV.UK-style dates (London time), words for codes, tag colours."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from jinja2 import Environment

from resettlement.clock import LONDON


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.astimezone(LONDON).date()
    if isinstance(value, date):
        return value
    text = str(value)
    try:
        if len(text) == len("YYYY-MM-DD"):
            return date.fromisoformat(text)
        return datetime.fromisoformat(text).astimezone(LONDON).date()
    except ValueError:
        return None


def govuk_date(value: Any) -> str:
    """24 November 2026 (GOV.UK style); an empty value shows as a dash."""
    day = _as_date(value)
    if day is None:
        return "—" if value in (None, "") else str(value)
    return f"{day.day} {day:%B %Y}"


def govuk_datetime(value: Any) -> str:
    """24 November 2026 at 9:00am, in London time."""
    if value in (None, ""):
        return "—"
    try:
        instant = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if instant.tzinfo is None:
        return govuk_date(instant)
    local = instant.astimezone(LONDON)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{govuk_date(local.date())} at {hour}:{local.minute:02d}{suffix}"


# Codes whose plain words are not just the code with spaces.
LABELS = {
    "nfa": "No fixed abode",
    "settled": "Settled (own or family home, long-term tenancy)",
    "temporary": "Temporary (hostel, CAS3, B&B)",
    "unknown": "Not known",
    "cjit": "CJIT",
    "hacs": "HACS",
    "carat": "CARAT",
    "rom": "ROM",
    "attitudes_thinking_behaviour": "Attitudes, thinking and behaviour",
    "children_families_communities": "Children, families and communities",
    "drugs_alcohol": "Drugs and alcohol",
    "education_skills_work": "Education, skills and work",
    "finance_id": "Finance and ID",
}


def words(value: Any) -> str:
    """A code in words: release_planning → Release planning, nfa → No fixed abode."""
    if value in (None, ""):
        return "—"
    if str(value) in LABELS:
        return LABELS[str(value)]
    text = str(value).replace("_", " ")
    return text[:1].upper() + text[1:]


def yes_no(value: Any) -> str:
    if value is None:
        return "—"
    return "Yes" if value else "No"


# govuk-tag colour modifiers for stages, statuses and outcomes.
TAG_COLOURS = {
    "received": "grey",
    "assessed": "light-blue",
    "case_managed": "light-blue",
    "release_planning": "blue",
    "plan_agreed": "turquoise",
    "released": "purple",
    "handed_over": "purple",
    "tenancy_monitoring": "green",
    "closed": "grey",
    "recalled": "orange",
    "withdrawn": "grey",
    "open": "blue",
    "done": "green",
    "new": "blue",
    "accepted": "green",
    "overdue": "red",
    "sustained": "green",
    "at_risk": "orange",
    "lost": "red",
    "not_contactable": "yellow",
    # the pipes (inbox, Notify outbox, handover delivery)
    "pending": "blue",
    "processing": "light-blue",
    "sending": "light-blue",
    "processed": "green",
    "sent": "green",
    "delivered": "green",
    "failed": "red",
    "draft": "yellow",
    "agreed": "green",
    "superseded": "grey",
    "not_started": "grey",
    "in_progress": "light-blue",
    "met": "green",
    "declined": "pink",
}


def tag_class(value: Any) -> str:
    colour = TAG_COLOURS.get(str(value))
    return f"govuk-tag govuk-tag--{colour}" if colour else "govuk-tag"


def field_id(name: str) -> str:
    """The HTML id of a field named like a service field: tenancy.arrears → tenancy-arrears."""
    return name.replace(".", "-")


def install(env: Environment) -> None:
    env.filters.update(
        govuk_date=govuk_date,
        govuk_datetime=govuk_datetime,
        words=words,
        yes_no=yes_no,
        tag_class=tag_class,
        field_id=field_id,
    )


def choices(values: Iterable[Any]) -> list[tuple[str, str]]:
    """Options for a select or radios from an enum: (code, words)."""
    return [(str(v.value), words(v.value)) for v in values]
