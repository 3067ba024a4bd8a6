"""The fixed words of the person's own pages, in English and Welsh, and dates in each.

GOV.UK services in Wales offer Welsh: every word a person reads on these pages is here in both
languages (the needs' words come from the catalogue, config/needs.yaml, also in both).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from resettlement.clock import LONDON

LANGUAGES = ("en", "cy")

WORDS: dict[str, tuple[str, str]] = {
    "service_name": ("Your plan for leaving prison", "Eich cynllun ar gyfer gadael y carchar"),
    "skip": ("Skip to main content", "Neidio i'r prif gynnwys"),
    "language": ("Language", "Iaith"),
    "error_summary": ("There is a problem", "Mae problem wedi codi"),
    "error_prefix": ("Error:", "Gwall:"),
    "dob_title": ("Enter your date of birth", "Rhowch eich dyddiad geni"),
    "dob_intro": (
        "This keeps your plan private. You can use this link once.",
        "Mae hyn yn cadw eich cynllun yn breifat. Gallwch ddefnyddio'r ddolen hon unwaith.",
    ),
    "dob_hint": ("For example, 27 3 1990", "Er enghraifft, 27 3 1990"),
    "day": ("Day", "Diwrnod"),
    "month": ("Month", "Mis"),
    "year": ("Year", "Blwyddyn"),
    "continue": ("Continue", "Parhau"),
    "dob_missing": ("Enter your date of birth", "Rhowch eich dyddiad geni"),
    "dob_invalid": (
        "Date of birth must be a real date",
        "Rhaid i'r dyddiad geni fod yn ddyddiad go iawn",
    ),
    "dob_wrong": (
        "The date of birth does not match. Tries left: {n}.",
        "Nid yw'r dyddiad geni'n cyfateb. Cynigion ar ôl: {n}.",
    ),
    "gone_title": ("This link no longer works", "Nid yw'r ddolen hon yn gweithio mwyach"),
    "gone_body": (
        "It may have been used already, run out of time, or had too many wrong dates of "
        "birth. Ask your key worker or the prison for a new link.",
        "Efallai ei bod wedi cael ei defnyddio'n barod, bod ei hamser wedi dod i ben, neu fod "
        "gormod o ddyddiadau geni anghywir wedi'u rhoi. Gofynnwch i'ch gweithiwr allweddol neu "
        "i'r carchar am ddolen newydd.",
    ),
    "ended_title": (
        "Your time to view this page has ended",
        "Mae eich amser i weld y dudalen hon wedi dod i ben",
    ),
    "ended_body": (
        "For your privacy, the page closes after a short time. Ask your key worker for a new link.",
        "Er mwyn diogelu eich preifatrwydd, mae'r dudalen yn cau ar ôl amser byr. Gofynnwch i'ch "
        "gweithiwr allweddol am ddolen newydd.",
    ),
    "hello": ("Hello {name}", "Helo {name}"),
    "leaving_on": (
        "You are due to leave prison on {date}.",
        "Rydych i fod i adael y carchar ar {date}.",
    ),
    "released": (
        "You have left prison. This is your plan.",
        "Rydych wedi gadael y carchar. Dyma eich cynllun.",
    ),
    "sleep_title": (
        "Where you will sleep on your first night",
        "Ble byddwch chi'n cysgu ar eich noson gyntaf",
    ),
    "sleep_confirmed": ("This is confirmed.", "Mae hyn wedi'i gadarnhau."),
    "sleep_not_confirmed": ("This is not confirmed yet.", "Nid yw hyn wedi'i gadarnhau eto."),
    "sleep_none": (
        "Somewhere to stay has not been arranged yet. Your key worker is working on it. If you "
        "have nowhere to stay on the day you leave, call a housing helpline below.",
        "Nid oes rhywle i aros wedi'i drefnu eto. Mae eich gweithiwr allweddol yn gweithio ar "
        "hyn. Os nad oes gennych unrhyw le i aros ar y diwrnod y byddwch yn gadael, ffoniwch un "
        "o'r llinellau cymorth tai isod.",
    ),
    "from_date": ("From {date}", "O {date}"),
    "run_by": ("Run by {name}", "Yn cael ei redeg gan {name}"),
    "appointments_title": ("Your first appointments", "Eich apwyntiadau cyntaf"),
    "appointments_none": (
        "No appointments are booked yet.",
        "Nid oes unrhyw apwyntiadau wedi'u trefnu eto.",
    ),
    "when": ("When", "Pryd"),
    "where": ("Where", "Ble"),
    "party_hacs": ("Housing advice", "Cyngor tai"),
    "party_carat": ("Drug and alcohol treatment", "Triniaeth cyffuriau ac alcohol"),
    "party_probation": ("Probation", "Y gwasanaeth prawf"),
    "party_cjit": (
        "Your drug and alcohol worker (CJIT)",
        "Eich gweithiwr cyffuriau ac alcohol (CJIT)",
    ),
    "needs_title": ("What is being sorted out for you", "Beth sy'n cael ei drefnu ar eich cyfer"),
    "status_not_started": ("Not started yet", "Heb ddechrau eto"),
    "status_in_progress": ("Being sorted", "Wrthi'n cael ei drefnu"),
    "status_met": ("Done", "Wedi'i wneud"),
    "status_declined": ("You said no", "Dywedoch chi na"),
    "bring_title": ("What to bring when you leave", "Beth i ddod gyda chi pan fyddwch yn gadael"),
    "call_title": ("Who to call", "Pwy i'w ffonio"),
    "cjit_team": (
        "The drug and alcohol team (CJIT): {area}",
        "Y tîm cyffuriau ac alcohol (CJIT): {area}",
    ),
    "your_worker": ("Your worker: {name}", "Eich gweithiwr: {name}"),
    "emergency": ("In an emergency, call 999.", "Mewn argyfwng, ffoniwch 999."),
    "private": (
        "This page is only for you. Do not share your link.",
        "Mae'r dudalen hon i chi yn unig. Peidiwch â rhannu eich dolen.",
    ),
}

MONTHS_CY = (
    "Ionawr",
    "Chwefror",
    "Mawrth",
    "Ebrill",
    "Mai",
    "Mehefin",
    "Gorffennaf",
    "Awst",
    "Medi",
    "Hydref",
    "Tachwedd",
    "Rhagfyr",
)


def say(key: str, lang: str, **values: Any) -> str:
    """The words for `key` in `lang` (English unless `cy`), with `{name}`s filled in."""
    english, welsh = WORDS[key]
    return (welsh if lang == "cy" else english).format(**values)


def _as_instant(value: Any) -> datetime | date | None:
    if isinstance(value, datetime | date):
        return value
    if not value:
        return None
    text = str(value)
    return (
        date.fromisoformat(text) if len(text) == len("YYYY-MM-DD") else datetime.fromisoformat(text)
    )


def say_date(value: Any, lang: str) -> str:
    """27 March 2027 / 27 Mawrth 2027; a time too when the value has one (London time)."""
    instant = _as_instant(value)
    if instant is None:
        return ""
    day = (
        instant.astimezone(LONDON) if isinstance(instant, datetime) and instant.tzinfo else instant
    )
    month = MONTHS_CY[day.month - 1] if lang == "cy" else f"{day:%B}"
    text = f"{day.day} {month} {day.year}"
    if not isinstance(day, datetime):
        return text
    hour = day.hour % 12 or 12
    if lang == "cy":
        return f"{text}, {hour}:{day.minute:02d}{'yb' if day.hour < 12 else 'yp'}"
    return f"{text} at {hour}:{day.minute:02d}{'am' if day.hour < 12 else 'pm'}"
