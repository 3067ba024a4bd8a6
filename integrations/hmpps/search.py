"""The HMPPS Prisoner Search API: one prisoner by prison number, with a bearer token.

`GET {base_url}/prisoner/{prisonerNumber}` with `Authorization: Bearer <token>` from HMPPS Auth
answers the prisoner as JSON (404 when there is none). A 401 drops the cached token so that the
next call fetches a new one; the call itself is not repeated: retries belong to the caller's
one retrying layer. No `requests` object leaves this module (see `transport`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

import requests
from pydantic import ValidationError

from integrations.hmpps.auth import USER_AGENT, TokenSource
from integrations.hmpps.errors import (
    HmppsError,
    PrisonerNotFound,
    SearchBadResponse,
    SearchRejected,
    SearchServerError,
    SearchTimeout,
    SearchUnauthorised,
    SearchUnavailable,
)
from integrations.hmpps.prisoner import PRISON_NUMBER, Prisoner
from integrations.hmpps.transport import NOT_JSON, Answer, exchange


class PrisonerSearchClient:
    def __init__(
        self,
        *,
        base_url: str,
        auth: TokenSource,
        connect_timeout: float,
        read_timeout: float,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = (connect_timeout, read_timeout)
        self._auth = auth
        self._host = urlsplit(self.base_url).netloc or self.base_url
        self._http = session or requests.Session()
        self._http.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})

    def get_prisoner(self, noms_number: str) -> Prisoner:
        """The prisoner with this prison number; raises `HmppsError` (AuthError included)."""
        if not PRISON_NUMBER.fullmatch(noms_number):
            raise ValueError("a prison number is a letter, 4 digits and 2 letters")
        token = self._auth.token()
        outcome = exchange(
            self._http,
            "GET",
            f"{self.base_url}/prisoner/{quote(noms_number)}",
            timeout=self.timeout,
            headers={"Authorization": f"Bearer {token}"},
        )
        if not isinstance(outcome, Answer):
            kind = SearchTimeout if outcome.timed_out else SearchUnavailable
            raise kind(f"{self._host}: {outcome.message}")
        if outcome.status == 401:
            self._auth.invalidate(token)
        result = self._prisoner_from(outcome)
        if isinstance(result, HmppsError):
            raise result
        return result

    def close(self) -> None:
        self._http.close()

    def _prisoner_from(self, answer: Answer) -> Prisoner | HmppsError:
        host, status = self._host, answer.status
        if status == 200:
            return _parse(answer.body, host)
        if status == 404:
            return PrisonerNotFound(
                f"{host}: no prisoner with that number (HTTP 404)", status_code=404
            )
        if status == 401:
            return SearchUnauthorised(
                f"{host}: refused our token (HTTP 401); it was dropped", status_code=401
            )
        if answer.retry_later:
            wait = answer.retry_after
            return SearchServerError(
                f"{host}: answered HTTP {status}", status_code=status, retry_after=wait
            )
        if 200 <= status < 300:
            return SearchBadResponse(
                f"{host}: answered HTTP {status} without a prisoner", status_code=status
            )
        return SearchRejected(f"{host}: refused the request with HTTP {status}", status_code=status)


def _parse(body: Any, host: str) -> Prisoner | SearchBadResponse:
    if body is NOT_JSON or not isinstance(body, dict):
        return SearchBadResponse(
            f"{host}: answered HTTP 200 but not a JSON object", status_code=200
        )
    try:
        return Prisoner.model_validate(body)
    except ValidationError as exc:  # its text holds the input values: name the fields only
        fields = sorted({".".join(str(part) for part in e["loc"]) for e in exc.errors()})
    return SearchBadResponse(
        f"{host}: answered HTTP 200 with unusable fields: {', '.join(fields)}", status_code=200
    )
