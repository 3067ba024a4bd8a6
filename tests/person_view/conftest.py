"""The GOV.UK Notify stand-in, for the link texted to the person."""

from tests.standins.fixtures import notify_configured, notify_standin

__all__ = ["notify_configured", "notify_standin"]
