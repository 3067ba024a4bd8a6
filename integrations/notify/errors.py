"""Errors of the GOV.UK Notify client: one hierarchy, no `requests` or Notify-client type escapes.

    NotifyError                 a message did not reach Notify
    ├── NotifyUnavailable       no answer: connection refused, reset or dropped    (retryable)
    │   └── NotifyTimeout       connect or read timeout                            (retryable)
    ├── NotifyServerError       HTTP 5xx, 408 or 429; `retry_after` in seconds     (retryable)
    │                           when the answer carried a Retry-After header
    ├── NotifyBadResponse       2xx, but not JSON with a notification "id"         (retryable)
    └── NotifyRejected          any other answer: 400 (bad template, missing       (not retryable)
                                personalisation, trial-mode recipient), 401/403
                                (bad key, clock skew), 404, redirects

A timeout or a bad answer may hide a message Notify did accept: Notify does not deduplicate by
`reference`, so the caller's outbox decides whether to resend. Messages name the host, the
status code and, where Notify gave one, its error code (e.g. "AuthError"); never the recipient,
the personalisation, the reference or the body of an answer.
"""

from __future__ import annotations


class NotifyError(Exception):
    """A message did not reach GOV.UK Notify."""

    retryable = False

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class NotifyUnavailable(NotifyError):
    """Notify did not answer: connection refused, reset or dropped."""

    retryable = True


class NotifyTimeout(NotifyUnavailable):
    """The connection or the answer took longer than the configured timeout."""


class NotifyServerError(NotifyError):
    """Notify answered with a server error or asked us to slow down (rate limit)."""

    retryable = True

    def __init__(
        self, message: str, *, status_code: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message, status_code=status_code)
        self.retry_after = retry_after


class NotifyBadResponse(NotifyError):
    """A success status but an answer without a notification id."""

    retryable = True


class NotifyRejected(NotifyError):
    """Notify refused the message; sending it again unchanged will not help."""
