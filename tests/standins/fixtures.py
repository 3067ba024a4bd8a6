"""Pytest fixtures for the loopback stand-ins: each started fresh for a test, stopped after it.

Use them from a conftest (`from tests.standins.fixtures import notify_standin  # noqa: F401`)
or import them into a test module. Every stand-in counts the requests it receives and takes
fault switches at any moment: go_down/come_back, answer_slowly, fail_with, rate_limit,
back_to_normal (see `tests.standins.base`). `hmpps_configured` and `notify_configured` also
point the gateway's settings at them (RESETTLE_PRISONER_SEARCH_URL and the HMPPS Auth client,
RESETTLE_NOTIFY_API_KEY and RESETTLE_NOTIFY_BASE_URL), over the test database.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.standins.hmpps import HmppsAuthStandIn, PrisonerSearchStandIn
from tests.standins.notify import NotifyStandIn


def _settings_changed() -> None:
    from resettlement.inbox.clients import _auth
    from resettlement.settings import get_settings

    get_settings.cache_clear()
    _auth.cache_clear()


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


@contextmanager
def _settings(monkeypatch: pytest.MonkeyPatch, **values: str) -> Iterator[None]:
    """RESETTLE_<NAME> set as an operator would, for the block (the settings read afresh)."""
    for name, value in values.items():
        monkeypatch.setenv(f"RESETTLE_{name.upper()}", value)
    _settings_changed()
    try:
        yield
    finally:
        monkeypatch.undo()
        _settings_changed()


@pytest.fixture
def hmpps_configured(
    db: object,
    monkeypatch: pytest.MonkeyPatch,
    hmpps_auth_standin: HmppsAuthStandIn,
    prisoner_search_standin: PrisonerSearchStandIn,
) -> Iterator[PrisonerSearchStandIn]:
    """The gateway's settings point at the Auth and Search stand-ins, over the test database."""
    with _settings(
        monkeypatch,
        prisoner_search_url=prisoner_search_standin.url,
        hmpps_auth_url=hmpps_auth_standin.token_url,
        hmpps_client_id=hmpps_auth_standin.client_id,
        hmpps_client_secret=hmpps_auth_standin.client_secret,
    ):
        yield prisoner_search_standin


@pytest.fixture
def notify_configured(
    db: object, monkeypatch: pytest.MonkeyPatch, notify_standin: NotifyStandIn
) -> Iterator[NotifyStandIn]:
    """The gateway's settings hold the Notify stand-in's key and address."""
    key, url = notify_standin.api_key, notify_standin.url
    with _settings(monkeypatch, notify_api_key=key, notify_base_url=url):
        yield notify_standin
