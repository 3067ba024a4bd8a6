"""HMPPS Auth client credentials against an Auth stand-in on loopback: one token reused until
shortly before it expires (an injected clock moves time), refused and failing token endpoints."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from integrations.hmpps import AuthError, AuthRejected, AuthUnavailable, HmppsAuthClient
from tests.standins.hmpps import HmppsAuthStandIn

READ_TIMEOUT_S = 1.0


class Clock:
    """Monotonic seconds that only move when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def auth_client(standin: HmppsAuthStandIn, clock: Clock, **changes: object) -> HmppsAuthClient:
    settings: dict = {
        "token_url": standin.token_url,
        "client_id": standin.client_id,
        "client_secret": standin.client_secret,
        "connect_timeout": 1.0,
        "read_timeout": READ_TIMEOUT_S,
        "clock": clock,
    }
    return HmppsAuthClient(**(settings | changes))


@pytest.fixture
def auth(hmpps_auth_standin, clock) -> Iterator[HmppsAuthClient]:
    client = auth_client(hmpps_auth_standin, clock)
    yield client
    client.close()


def test_the_token_is_fetched_once_and_reused_until_a_minute_before_it_expires(
    hmpps_auth_standin, auth, clock
):
    hmpps_auth_standin.expires_in = 300
    first = auth.token()
    clock.now += 239
    assert auth.token() == first and hmpps_auth_standin.token_requests == 1
    clock.now += 1  # 60 s before expiry: fetch a new one
    second = auth.token()
    assert second != first and hmpps_auth_standin.token_requests == 2
    assert hmpps_auth_standin.is_valid(second)


def test_a_short_lived_token_is_refreshed_at_half_its_life(hmpps_auth_standin, auth, clock):
    hmpps_auth_standin.expires_in = 20  # shorter than the 60 s margin
    first = auth.token()
    clock.now += 9.9
    assert auth.token() == first
    clock.now += 0.1
    assert auth.token() != first and hmpps_auth_standin.token_requests == 2


def test_invalidate_drops_the_cached_token_only_if_it_is_the_one_named(hmpps_auth_standin, auth):
    first = auth.token()
    auth.invalidate("a token fetched earlier")
    assert auth.token() == first and hmpps_auth_standin.token_requests == 1
    auth.invalidate(first)
    assert auth.token() != first and hmpps_auth_standin.token_requests == 2
    auth.invalidate()
    auth.token()
    assert hmpps_auth_standin.token_requests == 3


def test_threads_asking_at_once_share_one_token_request(hmpps_auth_standin, clock):
    hmpps_auth_standin.answer_slowly(0.2)
    client = auth_client(hmpps_auth_standin, clock, read_timeout=5.0)
    tokens: list[str] = []
    threads = [threading.Thread(target=lambda: tokens.append(client.token())) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(tokens) == 6 and len(set(tokens)) == 1
    assert hmpps_auth_standin.token_requests == 1


def test_a_wrong_client_secret_is_rejected_not_retryable_and_never_echoed(
    hmpps_auth_standin, clock
):
    client = auth_client(hmpps_auth_standin, clock, client_secret="s3cr3t-wrong")
    with pytest.raises(AuthRejected) as caught:
        client.token()
    assert caught.value.status_code == 401 and not caught.value.retryable
    assert "s3cr3t" not in str(caught.value) and hmpps_auth_standin.client_id not in str(
        caught.value
    )


@pytest.mark.parametrize(
    ("fault", "words"),
    [
        (lambda s: s.go_down(), "Connection refused"),
        (lambda s: s.answer_slowly(), "no answer within 1.0 s"),
        (lambda s: s.fail_with(503), "HTTP 503"),
        (lambda s: s.rate_limit(5), "HTTP 429"),
        (lambda s: s.garble(200, '{"access_token": "x", "token_type": "mac"}'), "usable"),
    ],
    ids=["down", "slow", "503", "429", "no bearer token"],
)
def test_a_token_endpoint_down_or_failing_is_retryable(hmpps_auth_standin, auth, fault, words):
    fault(hmpps_auth_standin)
    with pytest.raises(AuthError) as caught:
        auth.token()
    assert isinstance(caught.value, AuthUnavailable) and caught.value.retryable
    assert words in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__context__ is None


def test_after_the_endpoint_comes_back_a_token_is_fetched(hmpps_auth_standin, auth):
    hmpps_auth_standin.go_down()
    with pytest.raises(AuthUnavailable):
        auth.token()
    hmpps_auth_standin.come_back()
    assert hmpps_auth_standin.is_valid(auth.token())
