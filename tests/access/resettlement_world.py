"""What the no-leaks world (test_no_leaks.py) holds of issue #14, planted per person: needs on
the three kinds of pathway with notes, named workers replaced with a reason, markers in both.

A non-consenting person's drugs and health needs are needs no one else in the world has, so
their titles, and their plain words on the person's own page, are searched for in every answer
to the CJIT (HIDDEN_TITLES).
"""

from __future__ import annotations

from typing import Any

from resettlement.vocabulary import Role, Team
from tests.factories import PRISON, add_worker


def markers(tag: str) -> dict[str, str]:
    return {
        "need_notes": f"NEEDNOTE{tag}",
        "drugs_need_notes": f"DRUGNEED{tag}",
        "health_need_notes": f"HEALTHNEED{tag}",
        "hacs_alloc_reason": f"HACSREASON{tag}",
        "carat_alloc_reason": f"CARATREASON{tag}",
    }


# CARAT's own words among them (never for a ROM).
CARAT_MARKERS = ("drugs_need_notes", "carat_alloc_reason")
# (pathway, need, owner, marker) of a person's needs, by whether they consented to share.
NEEDS = {
    False: [
        ("accommodation", "find_accommodation", "hacs", "need_notes"),
        ("drugs_alcohol", "alcohol_support", "carat", "drugs_need_notes"),
        ("health", "medical_letter", "probation", "health_need_notes"),
    ],
    True: [
        ("accommodation", "find_accommodation", "hacs", "need_notes"),
        ("drugs_alcohol", "naloxone", "carat", "drugs_need_notes"),
        ("health", "gp_registration", "probation", "health_need_notes"),
    ],
}
# The non-consenting people's special needs: titles, and their words on the person's page.
HIDDEN_TITLES = (
    "Alcohol support in the community arranged",
    "Medical letter requested",
    "Alcohol support after you leave",
    "A letter from the prison doctor",
)
# Each team's first worker, and the one who replaces them (with a reason).
WORKERS = (("hacs", "durham-hacs", "durham-hacs-2"), ("carat", "durham-carat", "durham-carat-2"))


def add_workers(api: Any) -> None:
    add_worker(api, "durham-hacs-2", Role.prison_staff, PRISON, Team.hacs)
    add_worker(api, "durham-carat-2", Role.prison_staff, PRISON, Team.carat)


def _ok(response: Any) -> Any:
    assert response.status_code < 300, response.text
    return response.json()


def plant(api: Any, case_id: str, marks: dict[str, str], *, consent: bool) -> list[str]:
    """Named workers and needs for the case, markers in their free text; the needs' ids."""
    for team, first, second in WORKERS:
        url = f"/cases/{case_id}/allocation/{team}"
        _ok(api.put(url, json={"username": first}))
        _ok(api.put(url, json={"username": second, "reason": marks[f"{team}_alloc_reason"]}))
    ids = []
    for pathway, need, owner, marker in NEEDS[consent]:
        body = {"pathway": pathway, "need": need, "owner": owner}
        made = _ok(api.post(f"/cases/{case_id}/needs", json=body))
        note = {"status": "in_progress", "note": marks[marker]}
        _ok(api.put(f"/cases/{case_id}/needs/{made['id']}", json=note))
        ids.append(made["id"])
    return ids
