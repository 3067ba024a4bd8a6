"""The request body of a service (API and forms): what the catalogue records of each."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints
from sqlmodel import Session

from resettlement.access.users import Principal
from resettlement.catalogue.commands import add_service, change_service
from resettlement.catalogue.fields import ServiceValues
from resettlement.inputs import Body
from resettlement.policy import Reference
from resettlement.storage.tables import Service

Code = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9-]{1,59}$")
]


class ServiceIn(ServiceValues, Body):
    code: Code | None = Field(
        default=None, description="a key of your own; the same code again changes nothing"
    )

    def values(self) -> ServiceValues:
        return self.normalised()

    def apply(
        self, session: Session, *, principal: Principal, reference: Reference
    ) -> tuple[Service, bool]:
        """The service added (True), or the same code's service already there (False)."""
        return add_service(
            session,
            principal=principal,
            values=self.values(),
            code=self.code,
            reference=reference,
        )

    def apply_change(
        self, session: Session, *, principal: Principal, service_id: str, reference: Reference
    ) -> Service:
        return change_service(
            session,
            principal=principal,
            service_id=service_id,
            values=self.values(),
            reference=reference,
        )
