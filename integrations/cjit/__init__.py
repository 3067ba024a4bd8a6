"""The CJIT area case-system integration: an interface, a requests client, one error hierarchy."""

from integrations.cjit.client import CjitClient, HttpCjitClient
from integrations.cjit.errors import (
    CjitBadResponse,
    CjitError,
    CjitRejected,
    CjitServerError,
    CjitTimeout,
    CjitUnavailable,
)

__all__ = [
    "CjitBadResponse",
    "CjitClient",
    "CjitError",
    "CjitRejected",
    "CjitServerError",
    "CjitTimeout",
    "CjitUnavailable",
    "HttpCjitClient",
]
