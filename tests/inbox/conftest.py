"""The loopback stand-ins of HMPPS Auth and the Prisoner Search API; settings pointing at them."""

from tests.standins.fixtures import (
    hmpps_auth_standin,
    hmpps_configured,
    prisoner_search_standin,
)

__all__ = ["hmpps_auth_standin", "hmpps_configured", "prisoner_search_standin"]
