"""Pytest fixtures for the loopback stand-ins: each started fresh for a test, stopped after it.

Use them from a conftest (`from tests.standins.fixtures import notify_standin  # noqa: F401`)
or import them into a test module. Every stand-in counts the requests it receives and takes
fault switches at any moment: go_down/come_back, answer_slowly, fail_with, rate_limit,
back_to_normal (see `tests.standins.base`).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.standins.hmpps import HmppsAuthStandIn, PrisonerSearchStandIn
from tests.standins.notify import NotifyStandIn


@pytest.fixture
def notify_standin() -> Iterator[NotifyStandIn]:
    """GOV.UK Notify; `api_key` is a key it accepts, `add_template()` makes a template."""
    standin = NotifyStandIn()
    standin.start()
    yield standin
    standin.stop()


@pytest.fixture
def hmpps_auth_standin() -> Iterator[HmppsAuthStandIn]:
    """HMPPS Auth; `token_url`, `client_id`, `client_secret`; `expires_in` may be changed."""
    standin = HmppsAuthStandIn()
    standin.start()
    yield standin
    standin.stop()


@pytest.fixture
def prisoner_search_standin(
    hmpps_auth_standin: HmppsAuthStandIn,
) -> Iterator[PrisonerSearchStandIn]:
    """The Prisoner Search API, accepting tokens from `hmpps_auth_standin`; `add(record)`."""
    standin = PrisonerSearchStandIn(hmpps_auth_standin)
    standin.start()
    yield standin
    standin.stop()
