"""Request bodies of the release plan (API and forms): a party's section, a signature."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from resettlement.inputs import Body
from resettlement.vocabulary import PlanParty


class SectionIn(Body):
    content: dict[str, Any] = Field(
        description="the party's section: free-form, e.g. {summary, appointments: "
        "[{what, when, where}], first_night_address}"
    )


class SignIn(Body):
    party: PlanParty
