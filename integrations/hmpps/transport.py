"""One HTTP exchange for the HMPPS clients: the answer as plain data, or what went wrong.

Nothing from `requests` leaves this module: a response becomes an `Answer` (status, JSON body
or `NOT_JSON`, and the wait a Retry-After header asks for), an exception becomes a `Failure`,
which the caller turns into its own error and raises outside any `except` block. Redirects are
never followed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests

from integrations.connection import retry_after, short_reason

NOT_JSON: Any = object()
RETRY_LATER_STATUSES = frozenset({408, 425, 429})


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any  # the parsed JSON, or NOT_JSON
    retry_after: float | None = None  # seconds, from a Retry-After header

    @property
    def retry_later(self) -> bool:
        """A server error, or the server asking us to come back later."""
        return self.status >= 500 or self.status in RETRY_LATER_STATUSES


@dataclass(frozen=True)
class Failure:
    timed_out: bool
    message: str  # e.g. "no answer within 2.0 s"; never a URL path, header or body


def exchange(
    session: requests.Session,
    method: str,
    url: str,
    *,
    timeout: tuple[float, float],
    **kwargs: Any,
) -> Answer | Failure:
    """Send one request (no retry, no redirect); the answer or the failure, as plain data."""
    try:
        with session.request(
            method, url, timeout=timeout, allow_redirects=False, **kwargs
        ) as response:
            wait = retry_after(response.headers.get("Retry-After"))
            return Answer(response.status_code, _json(response), wait)
    except requests.ConnectTimeout:
        return Failure(True, f"no connection within {timeout[0]} s")
    except requests.ReadTimeout:
        return Failure(True, f"no answer within {timeout[1]} s")
    except requests.ConnectionError as exc:
        return Failure(False, f"connection failed ({short_reason(exc)})")
    except requests.RequestException as exc:
        return Failure(False, f"request failed ({type(exc).__name__})")


def _json(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return NOT_JSON
