"""A prisoner as the Prisoner Search API describes one: the fields the gateway needs.

Field names follow the API's JSON (`GET /prisoner/{prisonerNumber}`, camelCase); unknown fields
are ignored and dates are parsed. Our release date rule (API.md): `releaseDate`, else
`conditionalReleaseDate`.

`releaseDate` is prison-api's derived date ("Confirmed, actual, approved, provisional or
calculated release date ... according to offender release date algorithm": the confirmed
release date if any; else the actual parole date or the HDC actual date; else the later of
`nonDtoReleaseDate` (itself one of ARD, CRD, NPD or PRRD, named by `nonDtoReleaseDateType`)
and the DTO mid-term date). Source: the `SentenceCalcDates`/`SentenceDetail` schema of
ministryofjustice/prison-api, copied into hmpps-prisoner-search's `Prisoner` model
(common/.../model/Prisoner.kt). `release_date_type` retraces that algorithm to name which date
`releaseDate` is, in the gateway's release-date vocabulary.
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

NON_DTO_TYPES = frozenset({"ARD", "CRD", "NPD", "PRRD"})
PRISON_NUMBER = re.compile(r"[A-Z]\d{4}[A-Z]{2}")  # DESIGN.md: letter, 4 digits, 2 letters


class Prisoner(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="ignore", alias_generator=to_camel, populate_by_name=True
    )

    prisoner_number: str
    first_name: str
    last_name: str
    date_of_birth: date
    gender: str | None = None
    prison_id: str | None = None  # "OUT" once released
    status: str | None = None  # e.g. "ACTIVE IN", "INACTIVE OUT"
    legal_status: str | None = None  # e.g. "SENTENCED", "RECALL", "REMAND"
    recall: bool | None = None
    indeterminate_sentence: bool | None = None
    sentence_start_date: date | None = None
    release_date: date | None = None
    confirmed_release_date: date | None = None
    conditional_release_date: date | None = None
    automatic_release_date: date | None = None
    post_recall_release_date: date | None = None
    non_parole_date: date | None = None
    non_dto_release_date: date | None = None
    non_dto_release_date_type: str | None = None
    actual_parole_date: date | None = None
    parole_eligibility_date: date | None = None
    home_detention_curfew_eligibility_date: date | None = None
    home_detention_curfew_actual_date: date | None = None
    licence_expiry_date: date | None = None
    sentence_expiry_date: date | None = None
    topup_supervision_expiry_date: date | None = None

    @property
    def effective_release_date(self) -> date | None:
        """The gateway's release date: `releaseDate`, else `conditionalReleaseDate`."""
        return self.release_date or self.conditional_release_date

    @property
    def release_date_type(self) -> str | None:
        """Which date `effective_release_date` is: CONFIRMED, APD, HDCED, ARD, CRD, NPD, PRRD.

        In the order of prison-api's algorithm: the confirmed release date (CONFIRMED); the
        actual parole date (APD); the HDC actual date, reported as HDCED (our vocabulary has no
        HDCAD: the release is on home detention curfew); the non-DTO date with its own type; or
        the sentence date it equals. None when there is no date, or when it matches none of
        these (a DTO mid-term date, which the search API does not return).
        """
        when = self.release_date
        if when is None:
            return "CRD" if self.conditional_release_date else None
        if when == self.confirmed_release_date:
            return "CONFIRMED"
        if when == self.actual_parole_date:
            return "APD"
        if when == self.home_detention_curfew_actual_date:
            return "HDCED"
        if when == self.non_dto_release_date and self.non_dto_release_date_type in NON_DTO_TYPES:
            return self.non_dto_release_date_type
        for kind, other in (
            ("PRRD", self.post_recall_release_date),
            ("CRD", self.conditional_release_date),
            ("ARD", self.automatic_release_date),
            ("NPD", self.non_parole_date),
        ):
            if when == other:
                return kind
        return None

    @property
    def on_licence_after_release(self) -> bool | None:
        """Whether a licence or top-up supervision runs past the release date (None: no date)."""
        released = self.effective_release_date
        if released is None:
            return None
        ends = (self.licence_expiry_date, self.topup_supervision_expiry_date)
        return any(end is not None and end > released for end in ends)
