"""The GOV.UK Notify stand-in, and settings holding its key and address."""

from tests.standins.fixtures import notify_configured, notify_standin

__all__ = ["notify_configured", "notify_standin"]
