"""Request bodies of the CJIT's handover work (API and forms): accepting, a missed appointment."""

from __future__ import annotations

from typing import Annotated

from pydantic import AwareDatetime, Field, StringConstraints
from sqlmodel import Session

from resettlement import clock
from resettlement.access.users import Principal
from resettlement.handover.acceptance import accept_handover
from resettlement.inputs import Body, Notes
from resettlement.storage.tables import Handover

Worker = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class AcceptIn(Body):
    worker: Worker = Field(description="the CJIT worker allocated to the person")
    first_appointment: AwareDatetime = Field(description="when the person is first seen")

    def apply(self, session: Session, *, principal: Principal, handover_id: str) -> Handover:
        """The accept route and the CJIT accept form: the same service call."""
        return accept_handover(
            session,
            principal=principal,
            handover_id=handover_id,
            worker=self.worker,
            first_appointment=self.first_appointment,
            now=clock.now(),
        )


class MissedAppointmentIn(Body):
    notes: Notes | None = None
    next_appointment: AwareDatetime | None = Field(
        default=None, description="the rebooked first appointment, if there is one"
    )
