"""Which date a prisoner's release date is, retracing prison-api's release date algorithm."""

from __future__ import annotations

from datetime import date

import pytest

from integrations.hmpps import Prisoner
from tests.standins.hmpps import prisoner_record

DAY = "2027-03-05"
OTHER = "2027-09-01"
BLANK = {
    "releaseDate": DAY,
    "confirmedReleaseDate": None,
    "conditionalReleaseDate": None,
    "nonDtoReleaseDate": None,
    "nonDtoReleaseDateType": None,
}


@pytest.mark.parametrize(
    ("dates", "kind"),
    [
        ({"confirmedReleaseDate": DAY, "conditionalReleaseDate": DAY}, "CONFIRMED"),
        ({"actualParoleDate": DAY, "conditionalReleaseDate": DAY}, "APD"),
        ({"homeDetentionCurfewActualDate": DAY, "conditionalReleaseDate": OTHER}, "HDCED"),
        ({"nonDtoReleaseDate": DAY, "nonDtoReleaseDateType": "ARD"}, "ARD"),
        ({"nonDtoReleaseDate": DAY, "nonDtoReleaseDateType": "PRRD"}, "PRRD"),
        ({"postRecallReleaseDate": DAY}, "PRRD"),
        ({"automaticReleaseDate": DAY}, "ARD"),
        ({"nonParoleDate": DAY}, "NPD"),
        ({"conditionalReleaseDate": OTHER}, None),  # e.g. a DTO mid-term date
        ({"releaseDate": None}, None),
        ({"releaseDate": None, "conditionalReleaseDate": OTHER}, "CRD"),
    ],
)
def test_the_release_date_type_names_the_date_the_release_date_is(dates, kind):
    prisoner = Prisoner.model_validate(prisoner_record(**(BLANK | dates)))
    assert prisoner.release_date_type == kind


def test_a_licence_ending_before_release_means_no_licence_after_it():
    record = prisoner_record(licenceExpiryDate="2026-01-01", topupSupervisionExpiryDate=None)
    assert Prisoner.model_validate(record).on_licence_after_release is False


def test_top_up_supervision_alone_means_supervision_after_release():
    record = prisoner_record(licenceExpiryDate=None, topupSupervisionExpiryDate="2028-01-01")
    prisoner = Prisoner.model_validate(record)
    assert prisoner.on_licence_after_release is True
    assert prisoner.topup_supervision_expiry_date == date(2028, 1, 1)
