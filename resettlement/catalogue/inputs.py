"""The request body of a service (API and forms): what the catalogue records of each."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints
from sqlmodel import Session

from resettlement.access.users import Principal
from resettlement.catalogue.commands import ServiceValues, add_service, change_service
from resettlement.catalogue.rules import MAX_AGE, MIN_AGE
from resettlement.inputs import AreaCode, Body, Text
from resettlement.policy import Reference
from resettlement.storage.tables import Service
from resettlement.vocabulary import (
    AccessRoute,
    RiskFactor,
    ServiceGender,
    ServiceKind,
    SpectrumStage,
    SupportLevel,
)

Address = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Code = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9][a-z0-9-]{1,59}$")
]
Age = Annotated[int, Field(ge=MIN_AGE, le=MAX_AGE)]


class ServiceIn(Body):
    name: Text
    provider: Text
    address: Address
    area: AreaCode = Field(description="the CJIT area (ONS local authority code)")
    kind: ServiceKind
    support_level: SupportLevel = Field(description="the support the service provides")
    capacity: int = Field(ge=0, le=10_000, description="places (0 for floating_support)")
    access: AccessRoute
    genders: list[ServiceGender] = Field(max_length=3)
    min_age: Age | None = None
    max_age: Age | None = None
    accepts_on_licence: bool = True
    spectrum_stages: list[SpectrumStage] = Field(
        max_length=5, description="the stages of the spectrum of need the service suits"
    )
    excludes: list[RiskFactor] = Field(default_factory=list, max_length=5)
    active: bool = True
    code: Code | None = Field(
        default=None, description="a key of your own; the same code again changes nothing"
    )

    def values(self) -> ServiceValues:
        return ServiceValues(
            name=self.name,
            provider=self.provider,
            address=self.address,
            area=self.area,
            kind=self.kind,
            support_level=self.support_level,
            capacity=self.capacity,
            access=self.access,
            genders=sorted(set(self.genders)),
            min_age=self.min_age,
            max_age=self.max_age,
            accepts_on_licence=self.accepts_on_licence,
            spectrum_stages=sorted(set(self.spectrum_stages)),
            excludes=sorted(set(self.excludes)),
            active=self.active,
        )

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
