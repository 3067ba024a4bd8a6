"""Request bodies of needs (API and forms): recording a need, and a dated update to it."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints
from sqlmodel import Session

from resettlement.access.users import Principal
from resettlement.inputs import Body
from resettlement.needs.catalogue import get_catalogue
from resettlement.needs.commands import add_need, update_need
from resettlement.storage.tables import Need
from resettlement.vocabulary import NeedStatus, Pathway, PlanParty

NeedCode = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
NeedNote = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]


class NeedIn(Body):
    pathway: Pathway
    need: NeedCode = Field(
        description="a need of that pathway in the catalogue (GET /needs/catalogue)"
    )
    owner: PlanParty = Field(description="the party whose team works it")

    def apply(self, session: Session, *, principal: Principal, case_id: str) -> Need:
        return add_need(
            session,
            principal=principal,
            case_id=case_id,
            pathway=self.pathway,
            need=self.need,
            owner=self.owner,
            catalogue=get_catalogue(),
        )


class NeedUpdateIn(Body):
    status: NeedStatus
    note: NeedNote | None = Field(default=None, description="staff free text (optional)")

    def apply(self, session: Session, *, principal: Principal, case_id: str, need_id: str) -> Need:
        return update_need(
            session,
            principal=principal,
            case_id=case_id,
            need_id=need_id,
            status=self.status,
            note=self.note or None,
        )
