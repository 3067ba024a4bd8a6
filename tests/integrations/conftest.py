"""The loopback stand-ins of other systems, as fixtures for every test in this folder."""

from tests.standins.fixtures import notify_standin

__all__ = ["notify_standin"]
