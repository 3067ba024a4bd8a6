"""HMPPS Auth: OAuth2 client-credentials tokens, cached until shortly before they expire.

`POST {token_url}` with the form `grant_type=client_credentials` and HTTP Basic client id and
secret answers JSON `{access_token, token_type: "bearer", expires_in: seconds, ...}`. A token
is reused until `margin` seconds before it expires (or half its lifetime, if that is shorter),
then fetched again; `invalidate()` drops it at once (e.g. after a 401). One lock guards the
cache: while one thread fetches, the others wait for its token instead of fetching their own.
The clock (monotonic seconds) is injectable so tests can move time on.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests

from integrations.hmpps.errors import AuthError, AuthRejected, AuthUnavailable
from integrations.hmpps.transport import Answer, exchange

USER_AGENT = "resettlement-gateway/1 (+HMPPS)"


class TokenSource(Protocol):
    def token(self) -> str:
        """A bearer token that is valid now."""
        ...

    def invalidate(self, token: str | None = None) -> None:
        """Forget the cached token (only if it is still `token`, when one is given)."""
        ...


class HmppsAuthClient:
    def __init__(
        self,
        *,
        token_url: str,
        client_id: str,
        client_secret: str,
        connect_timeout: float,
        read_timeout: float,
        clock: Callable[[], float] = time.monotonic,
        margin: float = 60.0,
        session: requests.Session | None = None,
    ) -> None:
        self.token_url = token_url
        self.timeout = (connect_timeout, read_timeout)
        self.margin = margin
        self._credentials = (client_id, client_secret)
        self._clock = clock
        self._host = urlsplit(token_url).netloc or token_url
        self._http = session or requests.Session()
        self._http.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
        self._lock = threading.Lock()
        self._cached: str | None = None
        self._refresh_at = 0.0

    def token(self) -> str:
        with self._lock:
            if self._cached is not None and self._clock() < self._refresh_at:
                return self._cached
            outcome = self._fetch()
            if isinstance(outcome, AuthError):
                raise outcome
            token, lifetime = outcome
            self._cached = token
            self._refresh_at = self._clock() + lifetime - min(self.margin, lifetime / 2)
            return token

    def invalidate(self, token: str | None = None) -> None:
        with self._lock:
            if token is None or token == self._cached:
                self._cached = None

    def close(self) -> None:
        self._http.close()

    def _fetch(self) -> tuple[str, float] | AuthError:
        outcome = exchange(
            self._http,
            "POST",
            self.token_url,
            timeout=self.timeout,
            data={"grant_type": "client_credentials"},
            auth=self._credentials,
        )
        if not isinstance(outcome, Answer):
            return AuthUnavailable(f"{self._host}: token endpoint {outcome.message}")
        status = outcome.status
        if outcome.retry_later:
            return AuthUnavailable(
                f"{self._host}: token endpoint answered HTTP {status}", status_code=status
            )
        if not 200 <= status < 300:
            return AuthRejected(
                f"{self._host}: token endpoint refused our client with HTTP {status}",
                status_code=status,
            )
        return _bearer_token(outcome.body) or AuthUnavailable(
            f"{self._host}: token endpoint answered HTTP {status} without a usable bearer token",
            status_code=status,
        )


def _bearer_token(body: Any) -> tuple[str, float] | None:
    """(access token, lifetime in seconds) from a token answer, if it holds a usable one."""
    if not isinstance(body, dict):
        return None
    token, kind, lifetime = body.get("access_token"), body.get("token_type"), body.get("expires_in")
    if not isinstance(token, str) or not token:
        return None
    if not isinstance(kind, str) or kind.lower() != "bearer":
        return None
    if isinstance(lifetime, bool) or not isinstance(lifetime, int | float) or lifetime <= 0:
        return None
    return token, float(lifetime)
