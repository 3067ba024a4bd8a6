"""The client of a CJIT area's case system: POST a handover packet, get its reference back.

`CjitClient` is the interface the delivery service depends on; `HttpCjitClient` is the real one
over `requests`, with explicit (connect, read) timeouts. It tries once: retries with backoff
belong to the delivery service alone. Transport errors and unusable answers become the errors
in `integrations.cjit.errors`, raised outside any `except` block so that no `requests` object
(exception or response) leaves this module, not even as an exception's context.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol
from urllib.parse import urlsplit

import requests

from integrations.cjit.errors import (
    CjitBadResponse,
    CjitError,
    CjitRejected,
    CjitServerError,
    CjitTimeout,
    CjitUnavailable,
)
from integrations.connection import short_reason

RETRY_LATER_STATUSES = frozenset({408, 425, 429})
USER_AGENT = "resettlement-gateway/1 (+CJIT handover)"


class CjitClient(Protocol):
    def send_handover(self, base_url: str, *, handover_id: str, packet: Mapping[str, Any]) -> str:
        """Deliver one packet (the handover id is the idempotency key); returns the reference."""
        ...

    def close(self) -> None: ...


class HttpCjitClient:
    """`POST {base_url}/handovers` with `Idempotency-Key: <handover id>`; 2xx JSON {reference}."""

    def __init__(
        self,
        *,
        connect_timeout: float,
        read_timeout: float,
        session: requests.Session | None = None,
    ) -> None:
        self.timeout = (connect_timeout, read_timeout)
        self._http = session or requests.Session()
        self._http.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})

    def send_handover(self, base_url: str, *, handover_id: str, packet: Mapping[str, Any]) -> str:
        url = base_url.rstrip("/") + "/handovers"
        outcome = self._post(url, urlsplit(url).netloc or url, handover_id, packet)
        if isinstance(outcome, CjitError):
            raise outcome
        return outcome

    def _post(
        self, url: str, host: str, handover_id: str, packet: Mapping[str, Any]
    ) -> str | CjitError:
        try:
            with self._http.post(
                url,
                json=dict(packet),
                headers={"Idempotency-Key": handover_id},
                timeout=self.timeout,
                allow_redirects=False,
            ) as response:
                return _reference_from(response, host)
        except requests.ConnectTimeout:
            return CjitTimeout(f"{host}: no connection within {self.timeout[0]} s")
        except requests.ReadTimeout:
            return CjitTimeout(f"{host}: no answer within {self.timeout[1]} s")
        except requests.ConnectionError as exc:
            return CjitUnavailable(f"{host}: connection failed ({short_reason(exc)})")
        except requests.RequestException as exc:
            return CjitUnavailable(f"{host}: request failed ({type(exc).__name__})")

    def close(self) -> None:
        self._http.close()


def _reference_from(response: requests.Response, host: str) -> str | CjitError:
    """The reference in a 2xx JSON answer, or the error the answer amounts to."""
    status = response.status_code
    if status >= 500 or status in RETRY_LATER_STATUSES:
        return CjitServerError(f"{host}: answered HTTP {status}", status_code=status)
    if not 200 <= status < 300:
        return CjitRejected(f"{host}: refused the handover with HTTP {status}", status_code=status)
    try:
        body = response.json()
    except (ValueError, requests.exceptions.RequestException):
        return CjitBadResponse(f"{host}: answered HTTP {status} but not JSON", status_code=status)
    reference = body.get("reference") if isinstance(body, dict) else None
    if isinstance(reference, bool) or not isinstance(reference, str | int) or reference == "":
        return CjitBadResponse(f"{host}: answered HTTP {status} without a reference")
    return str(reference)
