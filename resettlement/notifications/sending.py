"""Sending the outbox through GOV.UK Notify: each due message once, failures tried again later.

A run claims each due message (a lease: two runs never send one at once), builds it from the
case as it stands (notifications/compose.py), and then, in this order: a cause gone away
cancels it; no mailbox fails it (an admin fixes the reference data and retries); no key, mode
off, or a recipient off the test list records it as `not_sent`; otherwise it goes to Notify
with its id as the reference. If an earlier attempt may have reached Notify, Notify is asked
for that reference first and the message is not sent twice. A 5xx, 429 (its Retry-After
honoured), timeout or refusal to connect puts it back to pending after a backoff, up to
`notify.max_attempts`, then failed; the run then stops (Notify is not answering: the rest wait,
nothing is lost). A refusal (4xx) fails it at once. Each outcome is committed on its own.
Stored errors and log lines name the message and the failure, never what it said.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import Engine

from integrations.notify import NotifyClient, NotifyError
from resettlement.notifications import outbox
from resettlement.notifications.clients import ClientFactory, notify_client
from resettlement.notifications.compose import Cancel, Message, compose, forget
from resettlement.notifications.outbox import Claimed
from resettlement.notifications.rules import next_attempt, why_not_sent
from resettlement.pipes.claims import describe
from resettlement.pipes.runs import WAITING, Lazy, summary, work_through
from resettlement.policy import NotifyPolicy, Policy, Reference
from resettlement.storage.db import session_scope
from resettlement.sweeps import SweepResult
from resettlement.vocabulary import NotificationChannel, NotificationStatus

log = logging.getLogger(__name__)
S = NotificationStatus


def send_notifications(
    engine: Engine,
    *,
    now: datetime,
    policy: Policy,
    reference: Reference,
    client_factory: ClientFactory = notify_client,
    region: str | None = None,
) -> SweepResult:
    """One run over the due messages (of `region`, when given); each outcome committed."""
    rules = policy.notify
    lease = outbox.notify_lease(rules)
    with Lazy(lambda: client_factory(rules)) as notify:
        done = work_through(
            outbox.due(engine, now, lease, region),
            lambda notification_id: outbox.claim(engine, notification_id, now, lease),
            lambda claimed: _decided(
                engine,
                claimed,
                _one(engine, claimed, notify, rules, reference=reference, now=now),
            ),
        )
    log.info("notify run: %s", summary(done))
    return SweepResult("notifications_send", changed=sum(done.values()))


def _decided(engine: Engine, claimed: Claimed, outcome: str) -> str:
    """What the message held only to be sent is dropped once it is decided (not waiting)."""
    if outcome != WAITING:
        with session_scope(engine) as session:
            forget(session, claimed)
    return outcome


def _one(
    engine: Engine,
    claimed: Claimed,
    notify: Lazy[NotifyClient],
    rules: NotifyPolicy,
    *,
    reference: Reference,
    now: datetime,
) -> str:
    try:
        with session_scope(engine, write=False) as session:
            made = compose(session, claimed, reference, now)
    except Exception as exc:  # the message cannot be built (e.g. its records were removed)
        error = f"could not be built ({type(exc).__name__}): an admin may retry it"
        return outbox.untried(engine, claimed, S.failed, last_error=error)
    if isinstance(made, Cancel):
        return outbox.untried(engine, claimed, S.cancelled, last_error=made.reason)
    if not made.recipient:
        error = f"no {claimed.channel} recipient: add the mailbox to the reference data, then retry"
        return outbox.untried(engine, claimed, S.failed, last_error=error, recipient=None)
    client = notify.get()
    blocked = why_not_sent(rules, made.recipient, key_set=client is not None)
    if blocked is not None:
        return outbox.untried(
            engine, claimed, S.not_sent, last_error=blocked, recipient=made.recipient
        )
    assert client is not None
    return _send(engine, claimed, made, client, rules, now)


def _send(
    engine: Engine,
    claimed: Claimed,
    made: Message,
    client: NotifyClient,
    rules: NotifyPolicy,
    now: datetime,
) -> str:
    template = rules.templates[claimed.kind]
    try:
        found = client.find_by_reference(claimed.id) if claimed.lookup_first else None
        notify_id = found or _post(client, claimed, made, template)
    except Exception as exc:  # a client bug must not leave the message claimed
        return _failed(engine, claimed, made, exc, rules, now)
    outbox.finish(
        engine,
        claimed,
        S.sent,
        notify_id=notify_id,
        sent_at=now,
        last_error=None,
        recipient=made.recipient,
    )
    log.info("message %s (%s) sent after %d attempt(s)", claimed.id, claimed.kind, claimed.attempts)
    return S.sent.value


def _post(client: NotifyClient, claimed: Claimed, made: Message, template: str) -> str:
    assert made.recipient is not None
    if claimed.channel == NotificationChannel.sms.value:
        return client.send_sms(
            template_id=template,
            phone_number=made.recipient,
            personalisation=made.personalisation,
            reference=claimed.id,
        )
    return client.send_email(
        template_id=template,
        email_address=made.recipient,
        personalisation=made.personalisation,
        reference=claimed.id,
    )


def _failed(
    engine: Engine,
    claimed: Claimed,
    made: Message,
    exc: Exception,
    rules: NotifyPolicy,
    now: datetime,
) -> str:
    error = describe(exc, NotifyError, "Notify")
    log.warning(
        "message %s (%s): attempt %d failed: %s", claimed.id, claimed.kind, claimed.attempts, error
    )
    retryable = isinstance(exc, NotifyError) and exc.retryable
    again = next_attempt(rules, claimed.attempts, now, getattr(exc, "retry_after", None))
    if not retryable or again is None:
        outbox.finish(engine, claimed, S.failed, last_error=error, recipient=made.recipient)
        return S.failed.value if not retryable else WAITING
    outbox.finish(
        engine,
        claimed,
        S.pending,
        last_error=error,
        next_attempt_at=again,
        recipient=made.recipient,
    )
    return WAITING
