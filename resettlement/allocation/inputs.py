"""Request body of an allocation (API and form): the worker named for a team on a case."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints
from sqlmodel import Session

from resettlement.access.users import Principal
from resettlement.allocation.commands import Allocated, allocate
from resettlement.inputs import Body
from resettlement.vocabulary import PlanParty

Username = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]


class AllocationIn(Body):
    username: Username = Field(
        description="a user of that team at the case's prison (or, for "
        "the CJIT, a CJIT worker of the area the person returns to)"
    )
    reason: Reason | None = Field(
        default=None, description="why: required when it replaces the team's current worker"
    )

    def apply(
        self, session: Session, *, principal: Principal, case_id: str, team: PlanParty
    ) -> Allocated:
        return allocate(
            session,
            principal=principal,
            case_id=case_id,
            team=team,
            username=self.username.lower(),
            reason=self.reason,
        )
