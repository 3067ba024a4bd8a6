"""The Prisoner Search API with HMPPS Auth tokens, against loopback stand-ins: a prisoner's
fields and release date come through; 404, 401 and the faults become our own errors."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from integrations.hmpps import (
    AuthUnavailable,
    HmppsAuthClient,
    HmppsError,
    PrisonerNotFound,
    PrisonerSearchClient,
    SearchBadResponse,
    SearchRejected,
    SearchServerError,
    SearchTimeout,
    SearchUnauthorised,
    SearchUnavailable,
)
from tests.standins.hmpps import prisoner_record

READ_TIMEOUT_S = 1.0


@pytest.fixture
def auth(hmpps_auth_standin) -> Iterator[HmppsAuthClient]:
    client = HmppsAuthClient(
        token_url=hmpps_auth_standin.token_url,
        client_id=hmpps_auth_standin.client_id,
        client_secret=hmpps_auth_standin.client_secret,
        connect_timeout=1.0,
        read_timeout=1.0,
    )
    yield client
    client.close()


@pytest.fixture
def search(prisoner_search_standin, auth) -> Iterator[PrisonerSearchClient]:
    client = PrisonerSearchClient(
        base_url=prisoner_search_standin.url + "/",
        auth=auth,
        connect_timeout=1.0,
        read_timeout=READ_TIMEOUT_S,
    )
    yield client
    client.close()


def test_a_prisoners_fields_and_release_date_come_through(prisoner_search_standin, search):
    prisoner_search_standin.add(prisoner_record("A1234BC"))
    prisoner = search.get_prisoner("A1234BC")
    assert (prisoner.prisoner_number, prisoner.first_name, prisoner.last_name) == (
        "A1234BC",
        "Robert",
        "Larsen",
    )
    assert (prisoner.date_of_birth, prisoner.gender) == (date(1975, 4, 2), "Male")
    assert (prisoner.prison_id, prisoner.status, prisoner.recall) == ("MDI", "ACTIVE IN", False)
    assert prisoner.effective_release_date == date(2027, 3, 5)
    assert prisoner.release_date_type == "CRD"
    assert prisoner.home_detention_curfew_eligibility_date == date(2026, 12, 20)
    assert prisoner.licence_expiry_date == date(2028, 9, 1)
    assert prisoner.on_licence_after_release is True
    assert not hasattr(prisoner, "alerts")  # fields we do not need are dropped


def test_without_a_release_date_the_conditional_release_date_is_the_release_date(
    prisoner_search_standin, search
):
    prisoner_search_standin.add(
        prisoner_record("B2345CD", releaseDate=None, conditionalReleaseDate="2027-06-01")
    )
    prisoner = search.get_prisoner("B2345CD")
    assert (prisoner.effective_release_date, prisoner.release_date_type) == (
        date(2027, 6, 1),
        "CRD",
    )


def test_the_token_is_fetched_once_for_many_lookups(
    hmpps_auth_standin, prisoner_search_standin, search
):
    prisoner_search_standin.add(prisoner_record("A1234BC"))
    for _ in range(3):
        search.get_prisoner("A1234BC")
    assert hmpps_auth_standin.token_requests == 1
    assert prisoner_search_standin.requests_to("GET", "/prisoner/A1234BC") == 3


def test_an_unknown_prisoner_is_not_found_and_the_error_names_no_number(search):
    with pytest.raises(PrisonerNotFound) as caught:
        search.get_prisoner("Z9999ZZ")
    assert caught.value.status_code == 404 and not caught.value.retryable
    assert "Z9999ZZ" not in str(caught.value)


def test_a_401_drops_the_token_so_the_next_lookup_fetches_a_new_one(
    hmpps_auth_standin, prisoner_search_standin, search
):
    prisoner_search_standin.add(prisoner_record("A1234BC"))
    search.get_prisoner("A1234BC")
    hmpps_auth_standin.revoke_all()  # e.g. Auth restarted: our cached token is refused
    with pytest.raises(SearchUnauthorised) as caught:
        search.get_prisoner("A1234BC")
    assert caught.value.retryable and hmpps_auth_standin.token_requests == 1
    assert search.get_prisoner("A1234BC").prisoner_number == "A1234BC"
    assert hmpps_auth_standin.token_requests == 2


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (lambda s: s.go_down(), SearchUnavailable),
        (lambda s: s.answer_slowly(), SearchTimeout),
        (lambda s: s.fail_with(500), SearchServerError),
        (lambda s: s.rate_limit(5), SearchServerError),
        (lambda s: s.garble(200, "<html>"), SearchBadResponse),
    ],
    ids=["down", "slow", "500", "429", "not JSON"],
)
def test_a_search_api_down_slow_or_failing_gives_a_retryable_error(
    prisoner_search_standin, search, fault, error
):
    prisoner_search_standin.add(prisoner_record("A1234BC"))
    fault(prisoner_search_standin)
    with pytest.raises(HmppsError) as caught:
        search.get_prisoner("A1234BC")
    assert type(caught.value) is error and caught.value.retryable
    assert caught.value.__cause__ is None and caught.value.__context__ is None
    assert "A1234BC" not in str(caught.value)


def test_a_429_or_503_tells_the_caller_how_long_to_wait_when_the_api_says(
    prisoner_search_standin, search
):
    prisoner_search_standin.rate_limit(retry_after=12)
    with pytest.raises(SearchServerError) as caught:
        search.get_prisoner("A1234BC")
    assert (caught.value.status_code, caught.value.retry_after) == (429, 12.0)
    prisoner_search_standin.fail_with(503)
    with pytest.raises(SearchServerError) as caught:
        search.get_prisoner("A1234BC")
    assert caught.value.retry_after is None


def test_a_403_is_rejected_not_retryable(prisoner_search_standin, search):
    prisoner_search_standin.fail_with(403)
    with pytest.raises(SearchRejected) as caught:
        search.get_prisoner("A1234BC")
    assert not caught.value.retryable


def test_auth_down_stops_the_lookup_before_it_reaches_the_search_api(
    hmpps_auth_standin, prisoner_search_standin, search
):
    hmpps_auth_standin.go_down()
    with pytest.raises(AuthUnavailable):
        search.get_prisoner("A1234BC")
    assert prisoner_search_standin.request_count == 0


def test_a_record_with_unusable_fields_is_a_bad_response_naming_fields_not_values(
    prisoner_search_standin, search
):
    prisoner_search_standin.add(
        prisoner_record("A1234BC", dateOfBirth="02/04/1975", firstName=None)
    )
    with pytest.raises(SearchBadResponse) as caught:
        search.get_prisoner("A1234BC")
    message = str(caught.value)
    assert "dateOfBirth" in message and "firstName" in message
    assert "1975" not in message and "Larsen" not in message


def test_a_malformed_prison_number_is_refused_before_any_request(
    hmpps_auth_standin, prisoner_search_standin, search
):
    with pytest.raises(ValueError):
        search.get_prisoner("../admin")
    assert hmpps_auth_standin.request_count == prisoner_search_standin.request_count == 0
