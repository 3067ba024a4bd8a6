"""What every request body shares: unknown fields refused, and the field types forms and the API
use alike. A body's `apply` (in each capability's inputs module) is the one place it is handed to
its service: the JSON route and the web form both call it."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from resettlement.errors import FieldProblem

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Notes = Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)]
Money = Annotated[Decimal, Field(ge=0, max_digits=9, decimal_places=2)]
AreaCode = Annotated[str, StringConstraints(strip_whitespace=True, max_length=9)]


class Body(BaseModel):
    """A request body: shapes and field rules only; rules that need the case are the services'."""

    model_config = ConfigDict(extra="forbid")


def problems_from(exc: ValidationError, prefix: tuple[str, ...] = ()) -> list[FieldProblem]:
    """Pydantic's errors as field problems: `person.date_of_birth: Input should be ...`."""
    return [
        FieldProblem(
            ".".join(str(p) for p in (*prefix, *err["loc"])) or "(body)", err["msg"], err["type"]
        )
        for err in exc.errors()
    ]
