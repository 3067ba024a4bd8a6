"""The rules of the Notify outbox, pure: where a message may go in each mode, when a failed
one is tried again, when the outbox gives up, which channel each kind goes by."""

from __future__ import annotations

from datetime import datetime, timedelta

from resettlement.pipes.claims import backoff_s
from resettlement.policy import NotifyPolicy
from resettlement.vocabulary import NotificationChannel, NotificationKind, NotifyMode

CHANNEL = {kind: NotificationChannel.email for kind in NotificationKind} | {
    NotificationKind.appointment_reminder: NotificationChannel.sms,
    NotificationKind.person_link: NotificationChannel.sms,
}
NO_KEY = "no Notify API key (RESETTLE_NOTIFY_API_KEY): recorded, not sent"


def normalised(recipient: str) -> str:
    """An address or number as compared with the test list (case and spaces ignored)."""
    return recipient.replace(" ", "").lower()


def why_not_sent(rules: NotifyPolicy, recipient: str, *, key_set: bool) -> str | None:
    """Why a message is recorded instead of sent (None: send it)."""
    if not key_set:
        return NO_KEY
    if rules.mode == NotifyMode.off:
        return "notifications are off (policy notify.mode): recorded, not sent"
    listed = {normalised(r) for r in rules.test_recipients}
    if rules.mode == NotifyMode.test and normalised(recipient) not in listed:
        return "not on the test list (policy notify.mode is test): recorded, not sent"
    return None


def next_attempt(
    rules: NotifyPolicy, attempts: int, now: datetime, retry_after: float | None
) -> datetime | None:
    """When a message that failed `attempts` times is tried again; None: give up."""
    if attempts >= rules.max_attempts:
        return None
    pause = backoff_s(rules.backoff_s, attempts, rules.backoff_max_s)
    return now + timedelta(seconds=max(pause, retry_after or 0.0))


def announced_since(rules: NotifyPolicy, now: datetime) -> datetime:
    """Causes older than this when first seen are not announced (e.g. a first deployment)."""
    return now - timedelta(days=rules.announce_within_days)
