"""GOV.UK Notify behind a small interface, sending through Notify's own Python client.

`NotifyClient` is what the notification outbox depends on; `GovukNotifyClient` is the real one
over `notifications_python_client.NotificationsAPIClient` (pinned 13.0.0). That client takes
`(api_key, base_url, timeout)`, splits the key `{key_name}-{service_id}-{secret_key}` into its
last two UUIDs, and signs every request with a fresh JWT (HS256 keyed by the secret, claims
`iss` = service id and `iat` = now; Notify allows 30 s of clock skew). We pass it our
(connect, read) timeout pair. It retries nothing by itself; we keep it so (adapters with
`max_retries=0`, no redirects followed): one call is one HTTP request, and retries belong to
the outbox alone. Its client "is not thread-safe", so calls through one instance are
serialised. Notify does not deduplicate by `reference`, so `find_by_reference` lists the
messages Notify holds with ours: the outbox asks it before sending a message again.

Failures become the errors in `integrations.notify.errors`, raised outside any `except` block so
that no `requests` or Notify-client object leaves this package, not even as a `__context__`.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from typing import Any, Protocol
from urllib.parse import urlsplit

from notifications_python_client import NotificationsAPIClient
from notifications_python_client.errors import APIError
from requests.adapters import HTTPAdapter

from integrations.notify.errors import NotifyBadResponse, NotifyError
from integrations.notify.failures import error_from

NOTIFY_BASE_URL = "https://api.notifications.service.gov.uk"
_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_API_KEY = re.compile(rf".+-{_UUID}-{_UUID}")


class NotifyClient(Protocol):
    """Sends one templated message; returns Notify's notification id."""

    def send_email(
        self,
        *,
        template_id: str,
        email_address: str,
        personalisation: Mapping[str, Any],
        reference: str,
    ) -> str: ...

    def send_sms(
        self,
        *,
        template_id: str,
        phone_number: str,
        personalisation: Mapping[str, Any],
        reference: str,
    ) -> str: ...

    def find_by_reference(self, reference: str) -> str | None:
        """The id of a message Notify already holds with this reference (None: it has none)."""
        ...

    def close(self) -> None: ...


class GovukNotifyClient:
    """`POST {base_url}/v2/notifications/email|sms`; `reference` is our idempotency reference.

    Notify stores the reference with the message but does not deduplicate by it.
    """

    def __init__(
        self,
        api_key: str,
        *,
        base_url: str = NOTIFY_BASE_URL,
        connect_timeout: float,
        read_timeout: float,
    ) -> None:
        if not _API_KEY.fullmatch(api_key):  # the key itself is never echoed
            raise ValueError("a Notify API key has the form {key_name}-{service_id}-{secret_key}")
        self.timeout = (connect_timeout, read_timeout)
        self.host = urlsplit(base_url).netloc or base_url
        self._notify = NotificationsAPIClient(api_key, base_url=base_url, timeout=self.timeout)
        session = self._notify.request_session
        for prefix in ("http://", "https://"):
            session.mount(prefix, HTTPAdapter(max_retries=0))
        session.max_redirects = 0  # a redirect is refused (NotifyRejected), never followed
        self._lock = threading.Lock()

    def send_email(
        self,
        *,
        template_id: str,
        email_address: str,
        personalisation: Mapping[str, Any],
        reference: str,
    ) -> str:
        return self._send(
            lambda notify: notify.send_email_notification(
                email_address=email_address,
                template_id=template_id,
                personalisation=dict(personalisation),
                reference=reference,
            ),
            reference,
        )

    def send_sms(
        self,
        *,
        template_id: str,
        phone_number: str,
        personalisation: Mapping[str, Any],
        reference: str,
    ) -> str:
        return self._send(
            lambda notify: notify.send_sms_notification(
                phone_number=phone_number,
                template_id=template_id,
                personalisation=dict(personalisation),
                reference=reference,
            ),
            reference,
        )

    def find_by_reference(self, reference: str) -> str | None:
        """`GET {base_url}/v2/notifications?reference=...` (Notify keeps messages for 7 days):
        how the outbox learns whether an attempt that timed out did reach Notify."""
        if not reference:
            raise ValueError("a lookup needs our reference")
        outcome = self._attempt_call(lambda n: n.get_all_notifications(reference=reference))
        if isinstance(outcome, NotifyError):
            raise outcome
        return _first_id(outcome, reference, self.host)

    def close(self) -> None:
        self._notify.request_session.close()

    def _send(self, call: Callable[[NotificationsAPIClient], Any], reference: str) -> str:
        if not reference:
            raise ValueError("every message needs our reference (one per cause)")
        outcome = self._attempt(call)
        if isinstance(outcome, NotifyError):
            raise outcome
        return outcome

    def _attempt(self, call: Callable[[NotificationsAPIClient], Any]) -> str | NotifyError:
        answer = self._attempt_call(call)
        if isinstance(answer, NotifyError):
            return answer
        ident = answer.get("id") if isinstance(answer, dict) else None
        if not isinstance(ident, str) or not ident:
            return NotifyBadResponse(f"{self.host}: answered without a notification id")
        return ident

    def _attempt_call(self, call: Callable[[NotificationsAPIClient], Any]) -> Any:
        """Notify's decoded answer, or the error a failure amounts to (returned, not raised)."""
        try:
            with self._lock:
                return call(self._notify)
        except APIError as exc:
            return error_from(exc, self.host, self.timeout)


def _first_id(answer: Any, reference: str, host: str) -> str | None:
    """The id of the first listed message that carries exactly our reference."""
    listed = answer.get("notifications") if isinstance(answer, dict) else None
    if not isinstance(listed, list):
        raise NotifyBadResponse(f"{host}: answered a lookup without a list of notifications")
    for item in listed:
        if isinstance(item, dict) and item.get("reference") == reference:
            ident = item.get("id")
            if isinstance(ident, str) and ident:
                return ident
    return None
