"""HMPPS: Auth (client-credentials tokens), the Prisoner Search API, and prisoner domain events."""

from integrations.hmpps.auth import HmppsAuthClient, TokenSource
from integrations.hmpps.errors import (
    AuthError,
    AuthRejected,
    AuthUnavailable,
    BadEvent,
    EventError,
    HmppsError,
    PrisonerNotFound,
    PrisonerSearchError,
    SearchBadResponse,
    SearchRejected,
    SearchServerError,
    SearchTimeout,
    SearchUnauthorised,
    SearchUnavailable,
    UnsupportedEvent,
)
from integrations.hmpps.events import HANDLED_TYPES, HmppsEvent, parse_event
from integrations.hmpps.movements import RECALL_CODES, UNCONFIRMED_RECALL_CODES, Movement
from integrations.hmpps.prisoner import Prisoner
from integrations.hmpps.search import PrisonerSearchClient

__all__ = [
    "HANDLED_TYPES",
    "RECALL_CODES",
    "UNCONFIRMED_RECALL_CODES",
    "AuthError",
    "AuthRejected",
    "AuthUnavailable",
    "BadEvent",
    "EventError",
    "HmppsAuthClient",
    "HmppsError",
    "HmppsEvent",
    "Movement",
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
    "UnsupportedEvent",
    "parse_event",
]
