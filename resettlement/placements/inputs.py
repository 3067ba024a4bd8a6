"""Request bodies of placements (API and forms)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field, StringConstraints
from sqlmodel import Session

from resettlement.access.users import Principal
from resettlement.inputs import Body
from resettlement.placements import commands
from resettlement.storage.tables import Placement

Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class PlacementIn(Body):
    service_id: str = Field(max_length=36)
    start_date: date = Field(description="the first night of the place")

    def apply(
        self, session: Session, *, principal: Principal, case_id: str
    ) -> tuple[Placement, bool]:
        return commands.request_place(
            session,
            principal=principal,
            case_id=case_id,
            service_id=self.service_id,
            start_date=self.start_date,
        )


class DeclineIn(Body):
    reason: Reason

    def apply(self, session: Session, *, principal: Principal, placement_id: str) -> Placement:
        return commands.decline(
            session, principal=principal, placement_id=placement_id, reason=self.reason
        )


class EndIn(Body):
    end_date: date = Field(description="the first day the place is free again (may be ahead)")
    reason: Reason = Field(description="why: move-on, eviction, recall, ...")

    def apply(self, session: Session, *, principal: Principal, placement_id: str) -> Placement:
        return commands.end(
            session,
            principal=principal,
            placement_id=placement_id,
            end_date=self.end_date,
            reason=self.reason,
        )
