"""What a failed call through Notify's own client amounts to, as one of our errors.

`NotificationsAPIClient` raises `HTTPError` for every `requests` failure (the original exception
is its `__cause__`; a connection failure has no response and reports status 503) and
`InvalidResponse` for a 2xx answer that is not JSON. We look through both to the real cause.
"""

from __future__ import annotations

import re

import requests
from notifications_python_client.errors import APIError, InvalidResponse

from integrations.connection import retry_after, short_reason
from integrations.notify.errors import (
    NotifyBadResponse,
    NotifyError,
    NotifyRejected,
    NotifyServerError,
    NotifyTimeout,
    NotifyUnavailable,
)

RETRY_LATER_STATUSES = frozenset({408, 429})
_ERROR_CODE = re.compile(r"[A-Za-z]{1,40}")  # Notify's error classes, e.g. "BadRequestError"


def error_from(exc: APIError, host: str, timeout: tuple[float, float]) -> NotifyError:
    """Our error for a failure reported by Notify's client."""
    cause = exc.__cause__
    if isinstance(cause, requests.ConnectTimeout):
        return NotifyTimeout(f"{host}: no connection within {timeout[0]} s")
    if isinstance(cause, requests.ReadTimeout):
        return NotifyTimeout(f"{host}: no answer within {timeout[1]} s")
    if isinstance(cause, requests.ConnectionError):
        return NotifyUnavailable(f"{host}: connection failed ({short_reason(cause)})")
    response = exc.response
    if response is None:
        return NotifyUnavailable(f"{host}: request failed ({type(cause or exc).__name__})")
    status = response.status_code
    if isinstance(exc, InvalidResponse):
        return NotifyBadResponse(f"{host}: answered HTTP {status} but not JSON", status_code=status)
    codes = _error_codes(response)
    if status >= 500 or status in RETRY_LATER_STATUSES:
        wait = retry_after(response.headers.get("Retry-After"))
        return NotifyServerError(
            f"{host}: answered HTTP {status}{codes}", status_code=status, retry_after=wait
        )
    return NotifyRejected(
        f"{host}: refused the message with HTTP {status}{codes}", status_code=status
    )


def _error_codes(response: requests.Response) -> str:
    """Notify's error classes from an error answer, e.g. ' (AuthError)'; never its messages."""
    try:
        body = response.json()
    except (ValueError, requests.exceptions.RequestException):
        return ""
    errors = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(errors, list):
        return ""
    codes = [e.get("error") for e in errors if isinstance(e, dict)]
    safe = sorted({c for c in codes if isinstance(c, str) and _ERROR_CODE.fullmatch(c)})
    return f" ({', '.join(safe)})" if safe else ""
