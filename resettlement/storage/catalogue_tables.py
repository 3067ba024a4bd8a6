"""Map and match: the catalogue of accommodation and support services, and placements at them.

A service's genders, spectrum stages and excluded risk factors are bit sets (catalogue/masks.py
gives each name its bit), so that matching and the gaps run as plain integer tests in SQL.
A placement holds a place from its start date until its end date once confirmed; each
confirmation first locks its service's row, so two confirmations of one service are applied one
after the other and the second sees the first (placements/commands.py).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from resettlement.storage.types import new_id, utc_column

# The columns of ix_service_area_active: the candidate areas' active services first, then the
# rest of what matching reads (catalogue/reads.FACT_COLUMNS), so it reads the index alone.
MATCH_COLUMNS = (
    "area",
    "active",
    "id",
    "name",
    "kind",
    "support_level",
    "capacity",
    "access",
    "genders_mask",
    "min_age",
    "max_age",
    "accepts_on_licence",
    "stages_mask",
    "excludes_mask",
)


class Service(SQLModel, table=True):
    """A place to live or a housing-support service in one CJIT area."""

    __tablename__ = "service"
    # Covering: matching reads the candidate areas' active services, every column it needs,
    # from the index alone (catalogue/reads.FACT_COLUMNS; migration 0011).
    __table_args__ = (Index("ix_service_area_active", *MATCH_COLUMNS),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    # The catalogue file's own key for an entry (None for a service added through the API).
    code: str | None = Field(default=None, max_length=60, unique=True)
    name: str = Field(max_length=200)
    provider: str = Field(max_length=200)
    address: str = Field(max_length=300)
    area: str = Field(foreign_key="area.code", max_length=9)
    kind: str = Field(max_length=30)  # ServiceKind
    support_level: str = Field(max_length=10)  # SupportLevel it provides
    capacity: int = 0  # places (0 for floating support)
    access: str = Field(max_length=20)  # AccessRoute
    genders_mask: int = 0  # ServiceGender bits
    min_age: int | None = None
    max_age: int | None = None
    accepts_on_licence: bool = True
    stages_mask: int = 0  # SpectrumStage bits: the stages it suits
    excludes_mask: int = 0  # RiskFactor bits: the risk factors it cannot take
    active: bool = True
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    updated_at: datetime = Field(sa_column=utc_column(nullable=False))
    updated_by: str = Field(max_length=100)


class Placement(SQLModel, table=True):
    """One person's request for a place at a service: requested, offered, confirmed, ended (or
    declined). Confirmed (and ended, until its end date) it holds one place."""

    __tablename__ = "placement"
    __table_args__ = (
        # Covering for the places held on a day (catalogue/sql.holds_place_clause; 0011).
        Index("ix_placement_service_status", "service_id", "status", "start_date", "end_date"),
        Index("ix_placement_case", "case_id"),
        Index("ix_placement_status_requested", "status", "requested_at"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    case_id: str = Field(foreign_key="case.id", max_length=36)
    episode: int = 1
    service_id: str = Field(foreign_key="service.id", max_length=36)
    status: str = Field(max_length=20)  # PlacementStatus
    start_date: date
    end_date: date | None = None
    reason: str | None = Field(default=None, max_length=500)  # why declined or ended
    requested_at: datetime = Field(sa_column=utc_column(nullable=False))
    requested_by: str = Field(max_length=100)
    answered_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    updated_at: datetime = Field(sa_column=utc_column(nullable=False))
    updated_by: str = Field(max_length=100)
