"""What the catalogue records of a service, defined once: the fields, their types and rules.

The API's body (inputs.ServiceIn) and answer (reads.ServiceOut) are these fields with a code
and an id; the commands take them as `ServiceValues`; the pages' form lists `SERVICE_FIELDS`.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints

from resettlement.catalogue.masks import to_mask
from resettlement.catalogue.rules import MAX_AGE, MIN_AGE
from resettlement.inputs import AreaCode, Text
from resettlement.vocabulary import (
    AccessRoute,
    RiskFactor,
    ServiceGender,
    ServiceKind,
    SpectrumStage,
    SupportLevel,
)

Address = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Age = Annotated[int, Field(ge=MIN_AGE, le=MAX_AGE)]


class ServiceValues(BaseModel):
    """A service's values (the catalogue's rules across fields: commands.check)."""

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

    def columns(self) -> dict[str, Any]:
        """The table's columns: enums as their names, sets as bits (catalogue/masks.py)."""
        values = {name: getattr(self, name) for name in SERVICE_FIELDS}
        for name in ("kind", "support_level", "access"):
            values[name] = values[name].value
        values["genders_mask"] = to_mask(values.pop("genders"))
        values["stages_mask"] = to_mask(values.pop("spectrum_stages"))
        values["excludes_mask"] = to_mask(values.pop("excludes"))
        return values

    def normalised(self) -> ServiceValues:
        """The same values with each set sorted and without repeats."""
        sets = {name: sorted(set(getattr(self, name))) for name in SET_FIELDS}
        values = {name: getattr(self, name) for name in SERVICE_FIELDS}
        return ServiceValues.model_construct(**(values | sets))


SERVICE_FIELDS: tuple[str, ...] = tuple(ServiceValues.model_fields)
SET_FIELDS = ("genders", "spectrum_stages", "excludes")
