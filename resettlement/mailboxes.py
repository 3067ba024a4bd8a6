"""Where messages go: the mailbox of each region's ROM, each CJIT area's team and its council's
duty-to-refer address, each prison's HACS, CARAT and probation teams (reference data,
config/reference/mailboxes.yaml, loaded with the rest of the reference by resettlement/policy.py).
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from resettlement.vocabulary import Team

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
UK_MOBILE = re.compile(r"(?:\+44|0044|0)7\d{9}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Email = Annotated[str, StringConstraints(pattern=EMAIL.pattern, max_length=320)]


class RegionMailboxes(_Strict):
    rom_email: Email | None = None


class AreaMailboxes(_Strict):
    cjit_email: Email | None = None
    duty_to_refer_email: Email | None = None  # the council's duty-to-refer address


class PrisonMailboxes(_Strict):
    hacs_email: Email | None = None
    carat_email: Email | None = None
    probation_email: Email | None = None


class Mailboxes(_Strict):
    """Where messages go, by region, area and prison code (reference/mailboxes.yaml)."""

    regions: dict[str, RegionMailboxes] = Field(default_factory=dict)
    areas: dict[str, AreaMailboxes] = Field(default_factory=dict)
    prisons: dict[str, PrisonMailboxes] = Field(default_factory=dict)

    def of_team(self, team: Team, scope: str) -> str | None:
        """The team mailbox of a prison team, a CJIT area or a region's ROM."""
        if team == Team.rom:
            return self.regions.get(scope, RegionMailboxes()).rom_email
        if team == Team.cjit:
            return self.areas.get(scope, AreaMailboxes()).cjit_email
        found = self.prisons.get(scope, PrisonMailboxes())
        return getattr(found, f"{team.value}_email", None)

    def duty_to_refer(self, area: str) -> str | None:
        return self.areas.get(area, AreaMailboxes()).duty_to_refer_email
