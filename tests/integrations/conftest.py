"""The loopback stand-ins of other systems, as fixtures for every test in this folder."""

from tests.standins.fixtures import (
    hmpps_auth_standin,
    notify_standin,
    prisoner_search_standin,
)

__all__ = ["hmpps_auth_standin", "notify_standin", "prisoner_search_standin"]
