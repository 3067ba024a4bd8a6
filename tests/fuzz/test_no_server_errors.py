"""No server errors: schemathesis generates requests for every operation of the OpenAPI
document, valid and invalid, and sends them to the real server as an admin and as each scoped
role (each prison team, a prison user without one, a CJIT worker, a ROM, the feed). Any 5xx
fails, naming the operation, the user and the request to replay.

Bounded: RESETTLE_FUZZ_EXAMPLES examples per operation, mode and user (default 5), on SQLite
(the PostgreSQL run of the whole suite covers the rest); a few minutes in CI.
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation.modes import GenerationMode

from tests.conftest import NOW
from tests.factories import carat_body, hacs_body, received_case, release_event

pytestmark = pytest.mark.fuzz
EXAMPLES = int(os.environ.get("RESETTLE_FUZZ_EXAMPLES", "5"))
USERS = (
    "admin",
    "durham-hacs",
    "durham-carat",
    "durham-probation",
    "durham",
    "newcastle",
    "rom-ne",
    "feed",
)


def _world(api: Any) -> None:
    """A few people on the path, so that some generated ids meet real rows."""
    for released in (False, True):
        case_id = received_case(api, at=NOW - timedelta(days=20), release_in_days=40)
        api.post(f"/cases/{case_id}/hacs-assessment", json=hacs_body())
        api.post(f"/cases/{case_id}/carat-assessment", json=carat_body())
        if released:
            number = api.get(f"/cases/{case_id}").json()["prison_number"]
            api.post("/events", json=release_event(number, at=NOW - timedelta(days=1)))


def _exercise(operation: Any, base: str, token: str, mode: GenerationMode) -> list[str]:
    errors: list[str] = []
    session = requests.Session()
    auth = {"Authorization": f"Bearer {token}"}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode, headers=auth))
    def run(case: Any) -> None:
        response = case.call(base_url=base, session=session, timeout=30)
        if response.status_code >= 500:
            errors.append(
                f"{response.status_code} {case.method} {case.formatted_path} "
                f"query={case.query} body={str(case.body)[:200]}: {response.text[:200]}"
            )

    try:
        run()
    except Unsatisfiable:  # nothing to make invalid (an operation without parameters)
        pass
    finally:
        session.close()
    return errors


def test_no_operation_answers_a_server_error_to_any_role(api, db) -> None:
    if db.backend != "sqlite":
        pytest.skip("fuzzed on SQLite; the suite covers PostgreSQL")
    _world(api)
    base = api.base.removesuffix("/api/v1")
    schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
    found: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for user in USERS:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                errors = _exercise(operation, base, api.tokens[user], mode)
                found += [f"{user}: {e}" for e in errors[:3]]
    assert not found, "\n".join(found)
