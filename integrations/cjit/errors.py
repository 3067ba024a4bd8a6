"""Errors of the CJIT case-system client: one hierarchy, no `requests` type escapes it.

    CjitError                 anything that stopped a handover reaching the CJIT system
    ├── CjitUnavailable       no answer: connection refused or dropped      (retryable)
    │   └── CjitTimeout       connect or read timeout                       (retryable)
    ├── CjitServerError       HTTP 5xx, 408 or 429                          (retryable)
    ├── CjitBadResponse       2xx, but not JSON with a "reference"          (retryable)
    └── CjitRejected          any other answer (4xx, redirects)             (not retryable)

Messages name the host, the status code and what went wrong; never the packet or the body of
an answer (an answer may echo what it was sent).
"""

from __future__ import annotations


class CjitError(Exception):
    """A handover did not reach the CJIT area's case system."""

    retryable = False

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class CjitUnavailable(CjitError):
    """The system did not answer: connection refused, reset or dropped."""

    retryable = True


class CjitTimeout(CjitUnavailable):
    """The connection or the answer took longer than the configured timeout."""


class CjitServerError(CjitError):
    """The system answered with a server error or asked us to come back later."""

    retryable = True


class CjitBadResponse(CjitError):
    """A success status but an answer we cannot read; resending with the same key is safe."""

    retryable = True


class CjitRejected(CjitError):
    """The system refused the handover; sending it again unchanged will not help."""
