"""The Prisoner Search API client, built from the settings (RESETTLE_PRISONER_SEARCH_URL,
RESETTLE_HMPPS_AUTH_URL, RESETTLE_HMPPS_CLIENT_ID, RESETTLE_HMPPS_CLIENT_SECRET).

One HMPPS Auth client per process and configuration, so that its token is cached across runs
until it expires (integrations/hmpps/auth.py); a search client per run, closed after it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Protocol

from integrations.hmpps import HmppsAuthClient, Prisoner, PrisonerSearchClient
from resettlement.policy import HmppsEventsPolicy
from resettlement.settings import get_settings

SETTINGS = (
    ("prisoner_search_url", "RESETTLE_PRISONER_SEARCH_URL"),
    ("hmpps_auth_url", "RESETTLE_HMPPS_AUTH_URL"),
    ("hmpps_client_id", "RESETTLE_HMPPS_CLIENT_ID"),
    ("hmpps_client_secret", "RESETTLE_HMPPS_CLIENT_SECRET"),
)


class SearchNotConfigured(Exception):
    """The Prisoner Search API cannot be asked: a setting is missing (named, never its value)."""


class PrisonerSearch(Protocol):
    def get_prisoner(self, noms_number: str) -> Prisoner: ...

    def close(self) -> None: ...


SearchFactory = Callable[[HmppsEventsPolicy], PrisonerSearch]


def missing_settings() -> list[str]:
    """The settings still to set before the search API can be asked (empty: configured)."""
    settings = get_settings()
    return [env for name, env in SETTINGS if not getattr(settings, name)]


def search_client(rules: HmppsEventsPolicy) -> PrisonerSearch:
    """A Prisoner Search API client with the process's HMPPS Auth token cache."""
    missing = missing_settings()
    if missing:
        raise SearchNotConfigured(f"the Prisoner Search API is not configured: set {missing[0]}")
    settings = get_settings()
    assert settings.prisoner_search_url and settings.hmpps_client_secret
    auth = _auth(
        str(settings.hmpps_auth_url),
        str(settings.hmpps_client_id),
        settings.hmpps_client_secret.get_secret_value(),
        rules.search_connect_timeout_s,
        rules.search_read_timeout_s,
    )
    return PrisonerSearchClient(
        base_url=settings.prisoner_search_url,
        auth=auth,
        connect_timeout=rules.search_connect_timeout_s,
        read_timeout=rules.search_read_timeout_s,
    )


@lru_cache(maxsize=4)
def _auth(url: str, client_id: str, secret: str, connect: float, read: float) -> HmppsAuthClient:
    return HmppsAuthClient(
        token_url=url,
        client_id=client_id,
        client_secret=secret,
        connect_timeout=connect,
        read_timeout=read,
    )
