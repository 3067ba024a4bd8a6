"""Errors of the HMPPS clients and event parser: one hierarchy, no `requests` type escapes it.

    HmppsError                    a call to HMPPS Auth or the Prisoner Search API failed
    ├── AuthError                 no token from HMPPS Auth
    │   ├── AuthRejected          any 4xx other than 408/425/429 (bad client id or   (not retryable)
    │   │                         secret, grant refused, wrong URL), redirects
    │   └── AuthUnavailable       refused, reset, timeout, 5xx, 408/425/429, or a    (retryable)
    │                             2xx without a usable bearer token
    └── PrisonerSearchError       the Prisoner Search API gave no prisoner
        ├── PrisonerNotFound      404: no prisoner with that number                  (not retryable)
        ├── SearchUnavailable     connection refused, reset or dropped               (retryable)
        │   └── SearchTimeout     connect or read timeout                            (retryable)
        ├── SearchServerError     HTTP 5xx, 408, 425 or 429; `retry_after` in        (retryable)
        │                         seconds when the answer carried a Retry-After header
        ├── SearchUnauthorised    401: the token was refused and has been dropped;   (retryable)
        │                         the next call fetches a new one
        ├── SearchBadResponse     2xx, but not JSON describing a prisoner            (retryable)
        └── SearchRejected        403 (our client lacks the role), other 4xx,        (not retryable)
                                  redirects

    EventError                    an HMPPS domain event we cannot act on
    ├── BadEvent                  malformed; `field` names the offending field (dotted path)
    └── UnsupportedEvent          well formed, but of an event type we do not handle

Messages name the host, the status code and what went wrong; never a prison number, a name,
a token, a secret or the body of an answer (an answer may echo what it was sent).
"""

from __future__ import annotations


class HmppsError(Exception):
    """A call to an HMPPS service did not give us what we asked for."""

    retryable = False

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class AuthError(HmppsError):
    """HMPPS Auth gave no access token."""


class AuthRejected(AuthError):
    """HMPPS Auth refused our client credentials; asking again will not help."""


class AuthUnavailable(AuthError):
    """HMPPS Auth did not answer usefully: down, slow, failing or garbled."""

    retryable = True


class PrisonerSearchError(HmppsError):
    """The Prisoner Search API did not give us the prisoner."""


class PrisonerNotFound(PrisonerSearchError):
    """No prisoner has that prison number."""


class SearchUnavailable(PrisonerSearchError):
    """The API did not answer: connection refused, reset or dropped."""

    retryable = True


class SearchTimeout(SearchUnavailable):
    """The connection or the answer took longer than the configured timeout."""


class SearchServerError(PrisonerSearchError):
    """The API answered with a server error or asked us to come back later."""

    retryable = True

    def __init__(
        self, message: str, *, status_code: int | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message, status_code=status_code)
        self.retry_after = retry_after


class SearchUnauthorised(PrisonerSearchError):
    """The API refused our token (401); it has been dropped from the cache."""

    retryable = True


class SearchBadResponse(PrisonerSearchError):
    """A success status but an answer we cannot read as a prisoner."""

    retryable = True


class SearchRejected(PrisonerSearchError):
    """The API refused the request (e.g. 403: our client lacks the role)."""


class EventError(Exception):
    """An HMPPS domain event we cannot act on."""


class BadEvent(EventError):
    """A malformed event; `field` names the first offending field."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field


class UnsupportedEvent(EventError):
    """A well-formed event of a type we do not handle (answer it as ignored)."""

    def __init__(self, event_type: str, message_id: str) -> None:
        super().__init__(f"event type {event_type[:100]!r} is not one the gateway acts on")
        self.event_type = event_type
        self.message_id = message_id
