"""Least privilege, from the outside: each role (and each prison team) against each write.

One table: for every write of the API, which users may do it (2xx) and which are refused
(403). Every user is in scope of the case, so a refusal is the role's or team's, never scope.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import NOW
from tests.factories import (
    USERS,
    accommodation_body,
    carat_body,
    hacs_body,
    received_case,
    release_event,
    section_body,
    tenancy,
)

WRITERS = {
    "hacs-assessment": {"durham-hacs"},
    "carat-assessment": {"durham-carat"},
    "accommodation": {"durham-hacs"},
    "duty-to-refer": {"durham-hacs"},
    "withdraw-consent": {"durham-carat", "newcastle"},
    "section-hacs": {"durham-hacs"},
    "section-carat": {"durham-carat"},
    "section-probation": {"durham-probation"},
    "section-cjit": {"newcastle"},
    "sign-hacs": {"durham-hacs"},
    "sign-cjit": {"newcastle"},
    "complete-hacs-task": {"durham-hacs"},
    "post-event": {"feed"},
    "accept-handover": {"newcastle"},
    "tenancy-check": {"newcastle"},
}
# Users in scope of the case (a Durham prisoner going to Newcastle, North East region).
IN_SCOPE = ("durham", "durham-hacs", "durham-carat", "durham-probation", "newcastle", "rom-ne")


def _custody(api: Any) -> str:
    case_id = received_case(api, at=NOW, release_in_days=60)
    body = hacs_body(
        threatened_with_homelessness=True, duty_to_refer_consent=True, tenancy=tenancy()
    )
    assert api.post(f"/cases/{case_id}/hacs-assessment", json=body).status_code == 201
    assert api.post(f"/cases/{case_id}/carat-assessment", json=carat_body()).status_code == 201
    for party in ("hacs", "carat", "probation", "cjit"):
        url = f"/cases/{case_id}/release-plan/sections/{party}"
        assert api.put(url, json=section_body()).status_code == 200
    return case_id


def _released(api: Any) -> tuple[str, dict[str, Any]]:
    case_id = _custody(api)
    number = api.get(f"/cases/{case_id}").json()["prison_number"]
    assert api.post("/events", json=release_event(number, at=NOW - timedelta(days=1))).ok
    return case_id, api.get(f"/cases/{case_id}").json()


def _share_consent(case: dict[str, Any]) -> str:
    return next(c["id"] for c in case["consents"] if c["kind"] == "share_cjit" and c["given"])


def _write(name: str) -> Callable[[Any, str], Any]:
    """How each write is sent as `user`, on a fresh case built (as admin) for it."""

    def send(api: Any, user: str) -> Any:
        if name == "post-event":
            from tests.factories import reception

            return api.post("/events", json=reception(at=NOW), user=user)
        if name in ("accept-handover", "tenancy-check"):
            case_id, case = _released(api)
            if name == "accept-handover":
                body = {"worker": "Sam Lee", "first_appointment": NOW.isoformat()}
                return api.post(f"/handovers/{case['handover']['id']}/accept", json=body, user=user)
            check = case["tenancy_checks"][0]["id"]
            url = f"/cases/{case_id}/tenancy-checks/{check}"
            return api.post(url, json={"outcome": "sustained"}, user=user)
        case_id = _custody(api)
        case = api.get(f"/cases/{case_id}").json()
        if name == "hacs-assessment":
            return api.post(f"/cases/{case_id}/hacs-assessment", json=hacs_body(), user=user)
        if name == "carat-assessment":
            return api.post(f"/cases/{case_id}/carat-assessment", json=carat_body(), user=user)
        if name == "accommodation":
            body = accommodation_body(start=NOW.date() + timedelta(days=50))
            return api.put(f"/cases/{case_id}/accommodation", json=body, user=user)
        if name == "duty-to-refer":
            body = {"local_authority": "E08000021", "referred_on": NOW.date().isoformat()}
            body["reference"] = "DTR-1"
            return api.post(f"/cases/{case_id}/duty-to-refer", json=body, user=user)
        if name == "withdraw-consent":
            url = f"/cases/{case_id}/consents/{_share_consent(case)}/withdraw"
            return api.post(url, user=user)
        if name.startswith("section-"):
            party = name.removeprefix("section-")
            url = f"/cases/{case_id}/release-plan/sections/{party}"
            return api.put(url, json=section_body("again"), user=user)
        if name.startswith("sign-"):
            body = {"party": name.removeprefix("sign-")}
            return api.post(f"/cases/{case_id}/release-plan/sign", json=body, user=user)
        kinds = ("protect_tenancy", "end_tenancy_safely")
        task = next(t for t in case["tasks"] if t["kind"] in kinds)
        return api.post(f"/tasks/{task['id']}/complete", user=user)

    return send


@pytest.mark.parametrize("write", sorted(WRITERS))
def test_each_write_is_done_only_by_the_roles_and_teams_it_belongs_to_and_an_admin(
    api, db, write: str
) -> None:
    send = _write(write)
    for user in (*IN_SCOPE, "feed", "admin"):
        response = send(api, user)  # each send builds its own case
        if user in WRITERS[write] or user == "admin":
            assert response.status_code < 300, (write, user, response.text)
        else:
            assert response.status_code == 403, (write, user, response.status_code, response.text)


def test_the_feed_reads_nothing_and_posts_events(api, db) -> None:
    case_id = received_case(api, at=NOW)
    for path in ("/cases", f"/cases/{case_id}", "/tasks", "/handovers", "/reference", "/pipeline"):
        assert api.get(path, user="feed").status_code == 403, path
    from tests.factories import reception

    assert api.post("/events", json=reception(at=NOW), user="feed").status_code == 201


def test_a_prison_user_without_a_team_reads_but_may_not_write(api, db) -> None:
    case_id = _custody(api)
    assert api.get(f"/cases/{case_id}", user="durham").status_code == 200
    refused = api.post(f"/cases/{case_id}/hacs-assessment", json=hacs_body(), user="durham")
    assert refused.status_code == 403 and "without a team" in refused.text


def test_every_test_user_has_a_role_and_prison_staff_a_team_or_none() -> None:
    teams = {name: team for name, (_role, _scope, team) in USERS.items()}
    assert teams["durham"] is None and teams["durham-carat"] == "carat"
