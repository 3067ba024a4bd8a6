"""HMPPS: Auth (client-credentials tokens) and the Prisoner Search API."""

from integrations.hmpps.auth import HmppsAuthClient, TokenSource
from integrations.hmpps.errors import (
    AuthError,
    AuthRejected,
    AuthUnavailable,
    HmppsError,
    PrisonerNotFound,
    PrisonerSearchError,
    SearchBadResponse,
    SearchRejected,
    SearchServerError,
    SearchTimeout,
    SearchUnauthorised,
    SearchUnavailable,
)
from integrations.hmpps.prisoner import Prisoner
from integrations.hmpps.search import PrisonerSearchClient

__all__ = [
    "AuthError",
    "AuthRejected",
    "AuthUnavailable",
    "HmppsAuthClient",
    "HmppsError",
    "Prisoner",
    "PrisonerNotFound",
    "PrisonerSearchClient",
    "PrisonerSearchError",
    "SearchBadResponse",
    "SearchRejected",
    "SearchServerError",
    "SearchTimeout",
    "SearchUnauthorised",
    "SearchUnavailable",
    "TokenSource",
]
