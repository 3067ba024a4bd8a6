"""The 14-day housing escalation reaches the ROM's mailbox through GOV.UK Notify (a stand-in on
loopback checking the JWT): once, however often the flows run, and after an outage of Notify."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from resettlement.vocabulary import NotificationKind
from tests.conftest import NOW
from tests.factories import apply_events, reception
from tests.notifications.helpers import enqueue, horizon, notify_policy, outbox, send

ROM_NE = "rom.ne@resettlement.example"
K = NotificationKind


def escalated(days_left: int = 10) -> str:
    """A custody case with housing unresolved, `days_left` before release, swept today."""
    event = reception(at=NOW - timedelta(days=60), release_in_days=60 + days_left)
    (case_id,) = apply_events(event)
    horizon(NOW.date())
    return case_id


def test_the_14_day_escalation_reaches_the_roms_mailbox_once_through_notify(notify_configured):
    case_id = escalated()
    policy = notify_policy(notify_configured)
    for _ in range(3):  # the flows run again and again
        enqueue(policy)
        send(policy)
    (message,) = outbox(K.housing_escalation)
    (sent,) = notify_configured.sent_with(reference=message.id)
    assert (sent.kind, sent.recipient, sent.template_id) == (
        "email",
        ROM_NE,
        policy.notify.templates[K.housing_escalation],
    )
    assert (message.status, message.case_id, message.attempts) == ("sent", case_id, 1)
    assert message.notify_id == sent.id and message.sent_at == NOW
    assert sent.personalisation["days_to_release"] == "10"
    assert sent.personalisation["prison"] == "HMP Durham" and "Aled Morgan" in sent.body
    # Every message Notify took in is one row of the outbox, once (the team digests too).
    assert sorted(s.reference for s in notify_configured.sent) == sorted(m.id for m in outbox())


def test_a_case_far_from_release_gives_no_escalation_message(notify_configured):
    escalated(days_left=40)
    enqueue(notify_policy(notify_configured))
    assert outbox(K.housing_escalation) == []


OUTAGES = {
    "down": lambda s: s.go_down(),
    "500": lambda s: s.fail_with(500),
    "503": lambda s: s.fail_with(503),
    "429": lambda s: s.rate_limit(None),
}


@pytest.mark.parametrize("outage", OUTAGES.values(), ids=OUTAGES.keys())
def test_the_escalation_waits_out_a_notify_outage_and_goes_once_it_is_back(
    notify_configured, outage
):
    escalated()
    policy = notify_policy(notify_configured)
    enqueue(policy, only=K.housing_escalation)
    outage(notify_configured)
    send(policy)
    (message,) = outbox()
    assert (message.status, message.attempts, message.lookup_first) == ("pending", 1, True)
    assert message.last_error and message.next_attempt_at == NOW + timedelta(seconds=60)
    send(policy, now=NOW + timedelta(seconds=30))  # not due yet: Notify is left alone
    notify_configured.back_to_normal()
    notify_configured.come_back()
    send(policy, now=message.next_attempt_at)
    (message,) = outbox()
    assert (message.status, message.attempts) == ("sent", 2)
    assert len(notify_configured.sent) == 1
    assert notify_configured.requests_to("GET", "/v2/notifications") == 1  # asked before resending


def test_a_429_is_waited_out_as_long_as_notify_asks(notify_configured):
    escalated()
    policy = notify_policy(notify_configured)
    enqueue(policy, only=K.housing_escalation)
    notify_configured.rate_limit(600)
    send(policy)
    assert outbox()[0].next_attempt_at == NOW + timedelta(seconds=600)


def test_an_answer_too_slow_is_not_sent_again_when_notify_did_take_it(notify_configured):
    escalated()
    policy = notify_policy(notify_configured)
    enqueue(policy, only=K.housing_escalation)
    notify_configured.answer_slowly()
    send(policy)
    assert outbox()[0].status == "pending"
    notify_configured.back_to_normal()
    deadline = NOW + timedelta(hours=1)
    _wait_for_stand_in(notify_configured)
    send(policy, now=deadline)
    (message,) = outbox()
    (sent,) = notify_configured.sent
    assert (message.status, message.notify_id) == ("sent", sent.id)
    assert notify_configured.requests_to("POST", "/v2/notifications/email") == 1


def _wait_for_stand_in(standin, seconds: float = 5.0) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not standin.sent and time.monotonic() < deadline:
        time.sleep(0.05)


def test_the_outbox_gives_up_after_the_last_attempt_and_an_admin_retry_sends_it(
    notify_configured,
):
    from resettlement.notifications.commands import retry_notification
    from resettlement.storage.db import session_scope

    escalated()
    policy = notify_policy(notify_configured, max_attempts=2)
    enqueue(policy, only=K.housing_escalation)
    notify_configured.fail_with(500)
    send(policy)
    send(policy, now=NOW + timedelta(hours=2))
    (message,) = outbox()
    assert (message.status, message.attempts) == ("failed", 2) and "500" in message.last_error
    notify_configured.back_to_normal()
    with session_scope() as session:
        retry_notification(session, message.id)
    send(policy)
    assert outbox()[0].status == "sent" and len(notify_configured.sent) == 1


def test_several_senders_at_once_send_each_message_exactly_once(notify_configured):
    for days in (3, 5, 8, 10, 12, 13):
        escalated(days)
    policy = notify_policy(notify_configured)
    enqueue(policy, only=K.housing_escalation)
    senders = [threading.Thread(target=send, args=(policy,)) for _ in range(3)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    messages = outbox()
    assert len(messages) == 6 and all(m.status == "sent" for m in messages)
    references = sorted(s.reference for s in notify_configured.sent)
    assert references == sorted(m.id for m in messages)
