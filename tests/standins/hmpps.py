"""HMPPS Auth and the Prisoner Search API on loopback, sharing the tokens Auth issues.

`HmppsAuthStandIn`: `POST /oauth/token`, OAuth2 client credentials (`grant_type` in the form
or the query, client id and secret in HTTP Basic); answers `{access_token, token_type:
"bearer", expires_in, scope}` with a short, configurable `expires_in`; 401 `invalid_client` for
wrong credentials. `PrisonerSearchStandIn`: `GET /prisoner/{prisonerNumber}` from the prisoners
a test sets; 401 without a bearer token Auth issued and has not expired or revoked; 404 with
HMPPS's error body (which, like the real one, names the number) for an unknown prisoner.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import time
from typing import Any

from werkzeug import Request, Response

from tests.standins.base import StandIn


class HmppsAuthStandIn(StandIn):
    def __init__(self, *, client_id: str = "resettle-gateway", expires_in: int = 1200) -> None:
        super().__init__()
        self.client_id = client_id
        self.client_secret = secrets.token_urlsafe(16)
        self.expires_in = expires_in
        self.issued: dict[str, float] = {}  # token -> monotonic time it expires
        self.route("POST", "/oauth/token", self._token)

    @property
    def token_url(self) -> str:
        return f"{self.url}/oauth/token"

    @property
    def token_requests(self) -> int:
        return self.requests_to("POST", "/oauth/token")

    def is_valid(self, token: str) -> bool:
        with self._lock:
            expires = self.issued.get(token)
        return expires is not None and time.monotonic() < expires

    def revoke_all(self) -> None:
        with self._lock:
            self.issued.clear()

    def error_response(self, status: int) -> Response:
        return _json({"error": "server_error", "error_description": f"HTTP {status}"}, status)

    def _token(self, request: Request, match: re.Match[str]) -> Response:
        grant = request.form.get("grant_type") or request.args.get("grant_type")
        if _basic_credentials(request) != (self.client_id, self.client_secret):
            body = {"error": "invalid_client", "error_description": "Bad client credentials"}
            return _json(body, 401)
        if grant != "client_credentials":
            return _json({"error": "unsupported_grant_type"}, 400)
        token = secrets.token_urlsafe(24)
        with self._lock:
            self.issued[token] = time.monotonic() + self.expires_in
        body = {
            "access_token": token,
            "token_type": "bearer",
            "expires_in": self.expires_in,
            "scope": "read",
        }
        return _json(body, 200)


class PrisonerSearchStandIn(StandIn):
    def __init__(self, auth: HmppsAuthStandIn) -> None:
        super().__init__()
        self.auth = auth
        self.prisoners: dict[str, dict[str, Any]] = {}
        self.route("GET", r"/prisoner/(?P<number>[^/]+)", self._prisoner)

    def add(self, record: dict[str, Any]) -> dict[str, Any]:
        self.prisoners[record["prisonerNumber"]] = record
        return record

    def error_response(self, status: int) -> Response:
        return _json({"status": status, "userMessage": "Unexpected error"}, status)

    def _prisoner(self, request: Request, match: re.Match[str]) -> Response:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer ") or not self.auth.is_valid(header[len("Bearer ") :]):
            response = Response(status=401)
            response.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
            return response
        record = self.prisoners.get(match["number"])
        if record is None:
            message = f"Prisoner not found {match['number']}"
            return _json({"status": 404, "userMessage": message, "developerMessage": message}, 404)
        return _json(record, 200)


def prisoner_record(number: str = "A1234BC", **changes: Any) -> dict[str, Any]:
    """A Prisoner Search answer with the usual fields, more than the gateway reads."""
    return {
        "prisonerNumber": number,
        "pncNumber": "12/394773H",
        "bookingId": "0001200924",
        "bookNumber": "38412A",
        "firstName": "Robert",
        "middleNames": "John James",
        "lastName": "Larsen",
        "dateOfBirth": "1975-04-02",
        "gender": "Male",
        "ethnicity": "White: Eng./Welsh/Scot./N.Irish/British",
        "youthOffender": False,
        "status": "ACTIVE IN",
        "lastMovementTypeCode": "ADM",
        "lastMovementReasonCode": "INT",
        "inOutStatus": "IN",
        "prisonId": "MDI",
        "prisonName": "HMP Moorland",
        "cellLocation": "A-1-002",
        "legalStatus": "SENTENCED",
        "imprisonmentStatus": "LR",
        "recall": False,
        "indeterminateSentence": False,
        "sentenceStartDate": "2025-04-03",
        "releaseDate": "2027-03-05",
        "confirmedReleaseDate": None,
        "sentenceExpiryDate": "2028-09-01",
        "licenceExpiryDate": "2028-09-01",
        "homeDetentionCurfewEligibilityDate": "2026-12-20",
        "nonDtoReleaseDate": "2027-03-05",
        "nonDtoReleaseDateType": "CRD",
        "conditionalReleaseDate": "2027-03-05",
        "receptionDate": "2025-04-03",
        "currentIncentive": {"level": {"code": "STD", "description": "Standard"}},
        "alerts": [{"alertType": "H", "alertCode": "HA", "active": True, "expired": False}],
    } | changes


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Basic "):
        return None
    try:
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
    except ValueError:
        return None
    return user, password


def _json(body: Any, status: int) -> Response:
    return Response(json.dumps(body), status=status, content_type="application/json")
