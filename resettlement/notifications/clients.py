"""The GOV.UK Notify client, built from the settings (RESETTLE_NOTIFY_API_KEY,
RESETTLE_NOTIFY_BASE_URL) with the policy's timeouts; None without a key."""

from __future__ import annotations

from collections.abc import Callable

from integrations.notify import GovukNotifyClient, NotifyClient
from resettlement.policy import NotifyPolicy
from resettlement.settings import get_settings

ClientFactory = Callable[[NotifyPolicy], NotifyClient | None]


def notify_client(rules: NotifyPolicy) -> NotifyClient | None:
    """A Notify client, or None when no key is set (messages are then recorded, not sent)."""
    settings = get_settings()
    if settings.notify_api_key is None:
        return None
    return GovukNotifyClient(
        settings.notify_api_key.get_secret_value(),
        base_url=settings.notify_base_url,
        connect_timeout=rules.connect_timeout_s,
        read_timeout=rules.read_timeout_s,
    )
