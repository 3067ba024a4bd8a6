"""Consent and need-to-know, proved from the outside: markers planted in CARAT data (and in the
prison's assessment notes) are searched for in every answer of every route of the OpenAPI
document and every page, as each role.

- A CJIT worker never receives anything of CARAT's (assessment, spectrum stage, the plan's
  `carat` section, CARAT tasks and timeline entries) nor the prison's assessment notes of a
  person who did not consent to share; with consent, they do.
- A ROM never receives CARAT free text (notes, care plan, the plan's `carat` section content).
- Needs and named workers (resettlement_world.py): a CJIT worker never receives a drugs or
  health need of a person who did not consent, nor the prison's notes and reasons; a ROM never
  CARAT's. The person's own page, opened by the CJIT with a link it made, shows no more.

A route or page added later is walked too: every operation of the OpenAPI document must be
read here (GET) or listed in WRITES (how the CJIT's own write is sent) or NO_CASE_DATA (why
its answer holds nothing of a case); every page route likewise. A new one fails the test until
it is classified.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest

from tests.access import map_world
from tests.access.leak_world import World, _ok, build_world, leaks
from tests.conftest import NOW


@pytest.fixture
def world(api: Any, db: Any) -> World:
    return build_world(api)


PARAM = re.compile(r"\{(\w+)\}")
ROLES = {"cjit": "newcastle", "rom": "rom-ne"}

# The CJIT's own writes, and their bodies: each answer is searched as well.
WRITES: dict[tuple[str, str], dict[str, Any] | None] = {
    ("PUT", "/cases/{case_id}/release-plan/sections/{party}"): {"content": {"summary": "CJIT"}},
    ("POST", "/cases/{case_id}/release-plan/sign"): {"party": "cjit"},
    ("POST", "/handovers/{handover_id}/accept"): {
        "worker": "Sam Lee",
        "first_appointment": (NOW + timedelta(days=2)).isoformat(),
    },
    ("POST", "/handovers/{handover_id}/missed-appointment"): {"notes": "no show"},
    ("POST", "/cases/{case_id}/tenancy-checks/{check_id}"): {"outcome": "sustained"},
    ("POST", "/cases/{case_id}/consents/{consent_id}/withdraw"): None,
    ("POST", "/tasks/{task_id}/complete"): None,
    ("POST", "/tasks/{task_id}/undo"): None,
    ("PUT", "/cases/{case_id}/contact"): {"mobile_number": "07700 900123", "sms_consent": True},
    ("POST", "/cases/{case_id}/needs"): {
        "pathway": "drugs_alcohol",
        "need": "previous_services",
        "owner": "cjit",
    },
    ("PUT", "/cases/{case_id}/needs/{need_id}"): {"status": "met"},
    ("POST", "/cases/{case_id}/person-link"): None,
    ("PUT", "/cases/{case_id}/allocation/{team}"): {"username": "newcastle"},
}
# Operations whose answer holds nothing of a case beyond ids, or that a CJIT worker and a ROM
# may not call at all (403): why, for each.
NO_CASE_DATA: dict[tuple[str, str], str] = {
    ("POST", "/events"): "the prison feed's: answers {case_id, duplicate}",
    ("POST", "/cases/{case_id}/hacs-assessment"): "prison staff only (HACS)",
    ("POST", "/cases/{case_id}/carat-assessment"): "prison staff only (CARAT)",
    ("PUT", "/cases/{case_id}/accommodation"): "prison staff only (HACS)",
    ("POST", "/cases/{case_id}/duty-to-refer"): "prison staff only (HACS)",
    ("POST", "/cases/{case_id}/duty-to-refer/outcome"): "prison staff only (HACS)",
    ("POST", "/hmpps-events"): "the feed's: answers {status, case_id, reason, inbox_id}",
    ("POST", "/hmpps-events/{seq}/retry"): "admin only: answers {status}",
    ("POST", "/notifications/{notification_id}/retry"): "admin only: answers {status}",
}
# GET /audit and GET /people/{prison_number}/export are admins' only: walked above, they answer
# a CJIT worker and a ROM 403 (tests/access/test_trust_*.py hold that).


def _urls(template: str, world: World, extra: dict[str, list[str]]) -> list[str]:
    names = PARAM.findall(template)
    urls = [template]
    for name in names:
        values = extra.get(name) or world.ids(name)
        urls = [u.replace("{" + name + "}", v) for u in urls for v in values]
    return urls


def test_no_carat_data_reaches_a_cjit_worker_without_consent_nor_carat_text_a_rom_via_the_api(
    api: Any, world: World
) -> None:
    import requests

    spec = requests.get(api.base.rsplit("/api/v1", 1)[0] + "/openapi.json", timeout=30).json()
    tasks = _ok(api.get("/tasks?page_size=100"))["items"]
    extra = {
        "party": ["cjit"],
        "team": ["cjit", "carat"],
        "task_id": [str(t["id"]) for t in tasks],
    }
    unclassified, found = [], []
    for path, operations in spec["paths"].items():
        route = path.removeprefix("/api/v1")
        for method in operations:
            key = (method.upper(), route)
            if method == "get":
                for role, user in ROLES.items():
                    for url in _urls(route, world, extra):
                        response = api.get(url, user=user)
                        found += leaks(response.text, world, role, f"GET {url}")
            elif key in WRITES:
                for url in _urls(route, world, extra):
                    response = api.call(key[0], url, user=ROLES["cjit"], json=WRITES[key])
                    found += leaks(response.text, world, "cjit", f"{key[0]} {url}")
            elif key not in NO_CASE_DATA and key not in map_world.NO_CASE_DATA:
                unclassified.append(key)
    assert not unclassified, f"classify these operations in WRITES or NO_CASE_DATA: {unclassified}"
    assert not found, "\n".join(found)


def test_with_consent_the_cjit_worker_does_receive_the_drug_treatment_details(
    api: Any, world: World
) -> None:
    consented = next(p for p in world.people if p.consent and p.released)
    text = api.get(f"/cases/{consented.case_id}", user="newcastle").text
    for key in ("carat_notes", "carat_care_plan", "carat_section", "hacs_notes"):
        assert consented.marks[key] in text
    plan = api.get(f"/cases/{consented.case_id}/release-plan", user="newcastle").text
    assert consented.marks["carat_section"] in plan
    packet = api.get(f"/handovers/{consented.handover_id}", user="newcastle").text
    assert consented.marks["carat_care_plan"] in packet


PAGE_SKIP = ("/assets", "/docs", "/redoc", "/openapi.json", "/api/", "/healthz", "/sign-")


def _page_routes() -> list[tuple[str, str]]:
    """(method, path) of every page route the app serves (web/app.py ROUTERS)."""
    from fastapi.routing import APIRoute

    from resettlement.web.app import ROUTERS

    out = []
    for module in ROUTERS:
        for route in module.router.routes:
            if isinstance(route, APIRoute) and not route.path.startswith(PAGE_SKIP):
                out += [(method, route.path) for method in sorted(route.methods)]
    assert len(out) > 10, "the page routes were not found"
    return out


# Page forms the CJIT may post, with what it types.
PAGE_WRITES: dict[tuple[str, str], dict[str, str]] = {
    ("POST", "/cases/{case_id}/release-plan/sections/{party}"): {"summary": ""},
    ("POST", "/cases/{case_id}/release-plan/sign"): {"party": "cjit"},
    ("POST", "/handovers/{handover_id}/accept"): {"worker": "", "first_appointment-day": "x"},
    ("POST", "/cases/{case_id}/tenancy-checks/{check_id}"): {"outcome": ""},
    ("POST", "/cases/{case_id}/consents/{consent_id}/withdraw"): {},
    ("POST", "/tasks/{task_id}/complete"): {},
    ("POST", "/tasks/{task_id}/undo"): {},
    ("POST", "/cases/{case_id}/contact"): {"mobile_number": "", "sms_consent": ""},
    ("POST", "/cases/{case_id}/needs"): {"need": "health:gp_appointment", "owner": "cjit"},
    ("POST", "/cases/{case_id}/needs/{need_id}"): {"status": "met"},
    ("POST", "/cases/{case_id}/allocation/{team}"): {"username": "newcastle"},
    # The CJIT opens its own link with the date of birth it can read: the person's page.
    ("POST", "/p/{secret}"): {"dob-day": "14", "dob-month": "3", "dob-year": "1988"},
}
PAGE_NO_CASE_DATA = {
    ("POST", "/sign-out"): "ends the session",
    ("POST", "/users"): "admin only (403 page): adds a user",
    ("POST", "/users/{username}/disable"): "admin only (403 page)",
    ("POST", "/users/{username}/rotate-token"): "admin only (403 page)",
    ("POST", "/cases/{case_id}/hacs-assessment"): "prison staff only (403 page)",
    ("POST", "/cases/{case_id}/carat-assessment"): "prison staff only (403 page)",
    ("POST", "/cases/{case_id}/accommodation"): "prison staff only (403 page)",
    ("POST", "/cases/{case_id}/referral"): "prison staff only (403 page)",
    ("POST", "/pipes/messages/{notification_id}/retry"): "admin only (403 page)",
    ("POST", "/pipes/inbox/{seq}/retry"): "admin only (403 page)",
    ("POST", "/pipes/handovers/{handover_id}/retry"): "admin only (403 page)",
    ("POST", "/cases/{case_id}/person-link"): "the slip: the person's name and a new link (and "
    "it would end the world's link the person's page is opened with); the API's twin is walked",
}


@pytest.mark.parametrize("role", ["cjit", "rom"])
def test_no_page_shows_carat_data_to_those_who_may_not_see_it(
    api: Any, web: Any, world: World, role: str
) -> None:
    web.sign_in(ROLES[role])
    tasks = _ok(api.get("/tasks?page_size=100"))["items"]
    pipeline = web.get("/pipeline").text
    extra = {
        "party": ["cjit"],
        "team": ["cjit", "carat"],
        "task_id": [str(t["id"]) for t in tasks],
        "name": sorted(set(re.findall(r"/pipeline/([\w-]+)\.csv", pipeline))) or ["stages"],
    }
    unclassified, found = [], []
    for method, template in _page_routes():
        key = (method, template)
        if method == "GET":
            for url in _urls(template, world, extra):
                found += leaks(web.get(url).text, world, role, f"page {url}")
        elif key in PAGE_WRITES:
            if role != "cjit":
                continue
            for url in _urls(template, world, extra):
                web.get("/tasks")  # a fresh CSRF token
                found += leaks(web.post(url, PAGE_WRITES[key]).text, world, role, f"form {url}")
        elif key not in PAGE_NO_CASE_DATA and key not in map_world.PAGE_NO_CASE_DATA:
            unclassified.append(key)
    assert not unclassified, (
        f"classify these pages in PAGE_WRITES or PAGE_NO_CASE_DATA: {unclassified}"
    )
    assert not found, "\n".join(found)


def test_a_cjit_worker_sees_no_carat_task_or_timeline_entry_of_a_person_who_did_not_consent(
    api: Any, world: World
) -> None:
    tasks = _ok(api.get("/tasks?page_size=100", user="newcastle"))["items"]
    by_case = {p.case_id: p for p in world.people}
    carat = [t for t in tasks if t["team"] == "carat"]
    assert carat, "the world should give the CJIT some CARAT work to see (of consenting people)"
    assert all(by_case[t["case_id"]].consent for t in carat)
    for person in world.people:
        case = _ok(api.get(f"/cases/{person.case_id}", user="newcastle"))
        kinds = {e["kind"] for e in case["timeline"]}
        carat_entries = {k for k in kinds if k.startswith("carat")}
        assert bool(carat_entries) == person.consent, (person.tag, kinds)
        assert case["spectrum_stage"] is None or person.consent
        assert all(a["kind"] != "carat" for a in case["assessments"]) or person.consent
