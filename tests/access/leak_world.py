"""The world test_no_leaks.py searches: people whose CARAT data (and the prison's assessment
notes) carry markers, and what must never reach each role (`forbidden`, `leaks`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from tests.access import map_world
from tests.access import resettlement_world as whole
from tests.conftest import NOW
from tests.factories import (
    accommodation_body,
    hacs_body,
    received_case,
    release_event,
)

SPECTRUM_NC = "abstinent_potentially_vulnerable"  # the no-consent person's stage (only theirs)


def markers(tag: str) -> dict[str, str]:
    """One marker per place CARAT (or the prison's notes) can write free text."""
    return {
        "carat_notes": f"CARATNOTE{tag}",
        "carat_care_plan": f"CARATCARE{tag}",
        "carat_section": f"CARATSECTION{tag}",
        "carat_appointment": f"CARATAPPT{tag}",
        "hacs_notes": f"HACSNOTE{tag}",
        **whole.markers(tag),
    }


CARAT_TEXT = (
    "carat_notes",
    "carat_care_plan",
    "carat_section",
    "carat_appointment",
    *whole.CARAT_MARKERS,
)


@dataclass
class Person:
    tag: str
    consent: bool
    released: bool
    case_id: str = ""
    number: str = ""
    handover_id: str | None = None
    check_id: str | None = None
    consent_id: str | None = None
    need_ids: list[str] = field(default_factory=list)
    secret: str | None = None  # a person link the CJIT made (released people)

    @property
    def marks(self) -> dict[str, str]:
        return markers(self.tag)


@dataclass
class World:
    people: list[Person] = field(default_factory=list)
    catalogue: dict[str, list[str]] = field(default_factory=dict)  # map_world.plant's ids

    def ids(self, name: str) -> list[str]:
        values = {
            "case_id": [p.case_id for p in self.people],
            "handover_id": [p.handover_id for p in self.people],
            "check_id": [p.check_id for p in self.people],
            "consent_id": [p.consent_id for p in self.people],
            "need_id": [n for p in self.people for n in p.need_ids],
            "secret": [p.secret for p in self.people],
            "prison_number": [p.number for p in self.people],
            **self.catalogue,
        }[name]
        return [v for v in values if v]


def _ok(response: Any) -> Any:
    assert response.status_code < 300, response.text
    return response.json()


def _person(api: Any, tag: str, *, consent: bool, released: bool) -> Person:
    person = Person(tag, consent, released)
    marks = person.marks
    release_day = NOW.date() + timedelta(days=40)
    person.case_id = received_case(api, at=NOW - timedelta(days=30), release_in_days=70)
    person.number = _ok(api.get(f"/cases/{person.case_id}"))["prison_number"]
    _ok(
        api.post(
            f"/cases/{person.case_id}/hacs-assessment", json=hacs_body(notes=marks["hacs_notes"])
        )
    )
    stage = "in_treatment" if consent else SPECTRUM_NC
    _ok(
        api.post(
            f"/cases/{person.case_id}/carat-assessment",
            json={
                "drug_need": True,
                "spectrum_stage": stage,
                "consent_share_cjit": consent,
                "triage_outcome": "comprehensive_assessment",
                "care_plan": marks["carat_care_plan"],
                "notes": marks["carat_notes"],
            },
        )
    )
    sections = {
        "hacs": {"summary": "Supported housing place agreed"},
        "carat": {
            "summary": marks["carat_section"],
            "appointments": [{"what": marks["carat_appointment"], "when": release_day.isoformat()}],
        },
        "probation": {"summary": "Licence conditions explained"},
    }
    for party, content in sections.items():
        _ok(
            api.put(
                f"/cases/{person.case_id}/release-plan/sections/{party}", json={"content": content}
            )
        )
    _ok(api.post(f"/cases/{person.case_id}/release-plan/sign", json={"party": "carat"}))
    _ok(
        api.put(
            f"/cases/{person.case_id}/accommodation",
            json=accommodation_body(start=NOW.date() + timedelta(days=60)),
        )
    )
    person.need_ids = whole.plant(api, person.case_id, marks, consent=consent)
    detail = _ok(api.get(f"/cases/{person.case_id}"))
    share = [c for c in detail["consents"] if c["kind"] == "share_cjit" and c["given"]]
    person.consent_id = share[0]["id"] if share else None
    if released:
        _ok(api.post("/events", json=release_event(person.number, at=NOW - timedelta(hours=2))))
        detail = _ok(api.get(f"/cases/{person.case_id}"))
        person.handover_id = detail["handover"]["id"]
        person.check_id = detail["tenancy_checks"][0]["id"]
        link = _ok(api.post(f"/cases/{person.case_id}/person-link", user="newcastle"))
        person.secret = link["url"].rsplit("/p/", 1)[1]
    return person


def build_world(api: Any) -> World:
    """Four people (consent or not, in custody or released) with markers in every place CARAT
    and the prison's notes can write, the day's sweeps run, and a map-and-match catalogue."""
    whole.add_workers(api)
    built = World(
        [
            _person(api, "NCCUSTODY", consent=False, released=False),
            _person(api, "NCRELEASED", consent=False, released=True),
            _person(api, "CCUSTODY", consent=True, released=False),
            _person(api, "CRELEASED", consent=True, released=True),
        ]
    )
    # The daily sweeps raise the work a real day would (sign-off chases, tenancy checks...).
    from resettlement.daily import run_sweeps
    from resettlement.policy import get_policy

    run_sweeps(NOW.date() + timedelta(days=45), get_policy())
    custody = [p.case_id for p in built.people if not p.released]
    built.catalogue = map_world.plant(
        api, custody, start=(NOW.date() + timedelta(days=50)).isoformat()
    )
    return built


def forbidden(world: World, role: str) -> list[tuple[str, str]]:
    """(marker, what it is) pairs that must never reach `role`."""
    out = []
    for person in world.people:
        marks = person.marks
        if role == "cjit" and not person.consent:
            out += [(m, f"{k} of {person.tag}") for k, m in marks.items()]
        if role == "rom":
            out += [(marks[k], f"{k} of {person.tag}") for k in CARAT_TEXT]
    return out


def leaks(text: str, world: World, role: str, where: str) -> list[str]:
    """What reached `role` through `where` that must not have, in words."""
    found = [f"{what} via {where}" for marker, what in forbidden(world, role) if marker in text]
    if role == "cjit" and "/needs/catalogue" not in where:
        found += [
            f"the need {title!r} via {where}" for title in whole.HIDDEN_TITLES if title in text
        ]
    if role == "cjit":
        for person in world.people:
            if not person.consent and person.case_id in where:
                names = (SPECTRUM_NC, SPECTRUM_NC.replace("_", " "), "potentially vulnerable")
                if any(name in text.lower() for name in names):
                    found.append(f"the spectrum stage of {person.tag} via {where}")
    return found
