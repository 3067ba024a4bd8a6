"""Template filters: GOV.UK-style dates (London time), words for codes, tag colours."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from jinja2 import Environment

from resettlement import clock
from resettlement.clock import LONDON
from resettlement.policy import get_reference
from resettlement.web import labels


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


def words(value: Any, group: str | None = None) -> str:
    """A code in words, from the one vocabulary of labels (web/labels.py)."""
    return labels.label(value, group)


def relative(value: Any) -> str:
    """A date or time against today, London time: "in 5 days", "147 days ago", "today"."""
    return labels.relative_to(_as_date(value), clock.today())


def date_and_relative(value: Any) -> str:
    """9 July 2026 (in 5 days)."""
    day = _as_date(value)
    if day is None:
        return govuk_date(value)
    return f"{govuk_date(day)} ({relative(day)})"


def prison_name(code: Any) -> str:
    """A prison by its name (its NOMIS code only when it is not in the reference data)."""
    if not code:
        return "Not known"
    prison = get_reference().prisons.get(str(code))
    return prison.name if prison else str(code)


def area_name(code: Any) -> str:
    """A CJIT area (local authority) by its name."""
    if not code:
        return "Not known"
    area = get_reference().areas.get(str(code))
    return area.name if area else str(code)


def scope_name(code: Any) -> str:
    """A user's scope (a prison, a CJIT area or a region) by its name."""
    reference = get_reference()
    if code in reference.prisons:
        return prison_name(code)
    if code in reference.areas:
        return area_name(code)
    return region_name(code)


def region_name(code: Any) -> str:
    if not code:
        return "England and Wales"
    region = get_reference().regions.get(str(code))
    return region.name if region else str(code)


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
        label=words,
        relative=relative,
        date_and_relative=date_and_relative,
        prison_name=prison_name,
        area_name=area_name,
        region_name=region_name,
        scope_name=scope_name,
        yes_no=yes_no,
        tag_class=tag_class,
        field_id=field_id,
    )


def choices(values: Iterable[Any]) -> list[tuple[str, str]]:
    """Options for a select or radios from an enum: (code, words)."""
    return [(str(v.value), words(v.value)) for v in values]
