"""GOV.UK Notify through its own Python client, against a Notify stand-in on loopback that checks
the JWT as Notify does: delivered once, refused, down, slow, failing, rate limiting."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest

from integrations.notify import (
    GovukNotifyClient,
    NotifyBadResponse,
    NotifyError,
    NotifyRejected,
    NotifyServerError,
    NotifyTimeout,
    NotifyUnavailable,
)
from tests.standins.notify import NotifyStandIn

READ_TIMEOUT_S = 1.0  # shorter than the stand-in's slow answer
EMAIL = "morgan.price@example.org"
PHONE = "07700900123"
NAME = "Morgan Price"
REFERENCE = "housing_escalation:case-7f3a"


@pytest.fixture
def template(notify_standin: NotifyStandIn) -> str:
    return notify_standin.add_template(subject="Release soon", body="((name)) leaves in ((days))")


@pytest.fixture
def client(notify_standin: NotifyStandIn) -> Iterator[GovukNotifyClient]:
    c = client_with(notify_standin.api_key, notify_standin)
    yield c
    c.close()


def client_with(api_key: str, standin: NotifyStandIn) -> GovukNotifyClient:
    return GovukNotifyClient(
        api_key, base_url=standin.url, connect_timeout=1.0, read_timeout=READ_TIMEOUT_S
    )


def send(client: GovukNotifyClient, template: str, **personalisation: str) -> str:
    return client.send_email(
        template_id=template,
        email_address=EMAIL,
        personalisation=personalisation or {"name": NAME, "days": "14"},
        reference=REFERENCE,
    )


def caught(client: GovukNotifyClient, template: str, **personalisation: str) -> NotifyError:
    with pytest.raises(NotifyError) as info:
        send(client, template, **personalisation)
    return info.value


def test_an_email_reaches_notify_once_with_a_token_it_accepts_and_gives_back_its_id(
    notify_standin, client, template
):
    notification_id = send(client, template)
    (sent,) = notify_standin.sent
    assert notification_id == sent.id
    assert (sent.kind, sent.template_id, sent.recipient) == ("email", template, EMAIL)
    assert sent.personalisation == {"name": NAME, "days": "14"} and sent.reference == REFERENCE
    assert sent.body == f"{NAME} leaves in 14"
    assert notify_standin.requests_to("POST", "/v2/notifications/email") == 1


def test_a_text_message_reaches_notify_with_our_reference(notify_standin, client):
    template = notify_standin.add_template(body="Your appointment is at ((time))")
    notification_id = client.send_sms(
        template_id=template, phone_number=PHONE, personalisation={"time": "10:00"}, reference="r-1"
    )
    assert notify_standin.sent_with(kind="sms", recipient=PHONE, reference="r-1")[0].id == (
        notification_id
    )


def test_each_send_is_one_request_so_a_second_send_is_a_second_message(
    notify_standin, client, template
):
    send(client, template)
    send(client, template)  # Notify does not deduplicate by reference: the outbox must
    assert len(notify_standin.sent_with(reference=REFERENCE)) == 2


@pytest.mark.parametrize(
    "wrong_key",
    [
        lambda s: f"{s.key_name}-{s.service_id}-{uuid.uuid4()}",  # another secret
        lambda s: f"{s.key_name}-{uuid.uuid4()}-{s.secret}",  # another service
    ],
    ids=["wrong secret", "unknown service"],
)
def test_a_wrong_key_is_rejected_with_403_and_nothing_is_sent(notify_standin, template, wrong_key):
    error = caught(client_with(wrong_key(notify_standin), notify_standin), template)
    assert isinstance(error, NotifyRejected) and not error.retryable
    assert error.status_code == 403 and "AuthError" in str(error)
    assert notify_standin.sent == []


def test_a_clock_more_than_30_seconds_out_is_rejected_like_a_bad_key(
    notify_standin, client, template
):
    notify_standin.clock_offset_s = 45
    error = caught(client, template)
    assert isinstance(error, NotifyRejected) and error.status_code == 403


def test_a_clock_within_30_seconds_is_accepted(notify_standin, client, template):
    notify_standin.clock_offset_s = -25
    send(client, template)
    assert len(notify_standin.sent) == 1


@pytest.mark.parametrize(
    ("setup", "personalisation"),
    [
        (lambda s, t: s.templates.pop(t), {}),  # the template does not exist
        (lambda s, t: None, {"name": NAME}),  # ((days)) is not given
        (lambda s, t: setattr(s, "team_only", frozenset({"team@example.org"})), {}),  # trial mode
    ],
    ids=["unknown template", "missing personalisation", "trial-mode recipient"],
)
def test_notify_refusing_the_message_is_rejected_and_not_retryable(
    notify_standin, client, template, setup, personalisation
):
    setup(notify_standin, template)
    error = caught(client, template, **personalisation)
    assert isinstance(error, NotifyRejected) and error.status_code == 400
    assert "BadRequestError" in str(error) and not error.retryable


def test_notify_down_is_unavailable_and_retryable(notify_standin, client, template):
    notify_standin.go_down()
    error = caught(client, template)
    assert type(error) is NotifyUnavailable and error.retryable
    assert "Connection refused" in str(error)


def test_an_answer_slower_than_the_read_timeout_is_a_timeout_though_notify_may_have_sent_it(
    notify_standin, client, template
):
    notify_standin.answer_slowly()
    error = caught(client, template)
    assert isinstance(error, NotifyTimeout) and error.retryable
    assert notify_standin.requests_to("POST", "/v2/notifications/email") == 1  # tried once
    deadline = time.monotonic() + 5
    while not notify_standin.sent and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(notify_standin.sent) == 1  # why the outbox must not trust a timeout blindly


def test_a_500_is_a_retryable_server_error_after_one_request(notify_standin, client, template):
    notify_standin.fail_with(500)
    error = caught(client, template)
    assert isinstance(error, NotifyServerError) and error.retryable
    assert (error.status_code, error.retry_after) == (500, None)
    assert notify_standin.request_count == 1  # Notify's client retries nothing


def test_a_429_is_a_server_error_carrying_retry_after(notify_standin, client, template):
    notify_standin.rate_limit(retry_after=7)
    error = caught(client, template)
    assert isinstance(error, NotifyServerError) and error.status_code == 429
    assert error.retry_after == 7.0 and "RateLimitError" in str(error)


def test_a_429_without_retry_after_leaves_the_wait_to_the_caller(notify_standin, client, template):
    notify_standin.rate_limit(retry_after=None)
    error = caught(client, template)
    assert isinstance(error, NotifyServerError) and error.retry_after is None


@pytest.mark.parametrize("body", ['{"id": ', '{"reference": "x"}'], ids=["not JSON", "no id"])
def test_a_success_without_a_notification_id_is_a_bad_response(
    notify_standin, client, template, body
):
    notify_standin.garble(201, body)
    error = caught(client, template)
    assert isinstance(error, NotifyBadResponse) and error.retryable


def test_a_lookup_by_reference_finds_the_message_notify_took_in_and_nothing_else(
    notify_standin, client, template
):
    assert client.find_by_reference(REFERENCE) is None
    notification_id = send(client, template)
    assert client.find_by_reference(REFERENCE) == notification_id
    assert client.find_by_reference("another-cause") is None
    assert notify_standin.requests_to("GET", "/v2/notifications") == 3


def test_a_lookup_after_a_timeout_tells_the_caller_notify_did_take_the_message(
    notify_standin, client, template
):
    notify_standin.answer_slowly()
    caught(client, template)
    notify_standin.back_to_normal()
    deadline = time.monotonic() + 5
    while not notify_standin.sent and time.monotonic() < deadline:
        time.sleep(0.05)
    assert client.find_by_reference(REFERENCE) == notify_standin.sent[0].id


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (lambda s: s.go_down(), NotifyUnavailable),
        (lambda s: s.fail_with(500), NotifyServerError),
        (lambda s: s.garble(200, '{"links": {}}'), NotifyBadResponse),
    ],
    ids=["down", "500", "no list"],
)
def test_a_lookup_that_fails_raises_our_error_never_a_guess(notify_standin, client, fault, error):
    fault(notify_standin)
    with pytest.raises(NotifyError) as info:
        client.find_by_reference(REFERENCE)
    assert type(info.value) is error and info.value.retryable


def test_after_an_outage_the_next_send_is_delivered_once(notify_standin, client, template):
    notify_standin.go_down()
    caught(client, template)
    notify_standin.come_back()
    send(client, template)
    assert len(notify_standin.sent) == 1 and notify_standin.request_count == 1


def test_no_error_carries_the_recipient_personalisation_reference_or_key(notify_standin, template):
    faults = [
        lambda s: s.fail_with(500),
        lambda s: s.rate_limit(3),
        lambda s: s.answer_slowly(),
        lambda s: s.go_down(),
        lambda s: s.garble(201, f'{{"echo": "{EMAIL}"}}'),
        lambda s: setattr(s, "team_only", frozenset()),
    ]
    errors = []
    for fault in faults:
        notify_standin.come_back()
        notify_standin.back_to_normal()
        fault(notify_standin)
        errors.append(caught(client_with(notify_standin.api_key, notify_standin), template))
    errors.append(caught(client_with(f"k-{uuid.uuid4()}-{uuid.uuid4()}", notify_standin), template))
    for error in errors:
        text = f"{error} {error!r} {error.args}"
        for secret in (EMAIL, NAME, "14", REFERENCE, notify_standin.secret):
            assert secret not in text.replace(str(notify_standin.port), "")
        assert error.__cause__ is None and error.__context__ is None


def test_a_malformed_key_is_refused_before_any_request_without_echoing_it(notify_standin):
    with pytest.raises(ValueError) as info:
        client_with("not-a-notify-key-secret123", notify_standin)
    assert "secret123" not in str(info.value) and notify_standin.request_count == 0
