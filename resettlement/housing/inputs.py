"""Request body of the release-night arrangement (API and form)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import StringConstraints
from sqlmodel import Session

from resettlement.access.users import Principal
from resettlement.housing.commands import AccommodationResult, put_accommodation
from resettlement.inputs import Body
from resettlement.vocabulary import HousingStatus


class AccommodationIn(Body):
    housing_status: HousingStatus
    address: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] | None = None
    provider: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    start_date: date | None = None
    confirmed: bool

    def apply(self, session: Session, *, principal: Principal, case_id: str) -> AccommodationResult:
        return put_accommodation(
            session,
            principal=principal,
            case_id=case_id,
            housing_status=self.housing_status,
            address=self.address,
            provider=self.provider,
            start_date=self.start_date,
            confirmed=self.confirmed,
        )
