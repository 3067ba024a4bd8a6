"""After release: the CJIT handover with its delivery outbox, and tenancy checks."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from resettlement.storage.types import JSONData, new_id, special, utc_column


class Handover(SQLModel, table=True):
    """The consented packet for the destination CJIT, its delivery state and its acceptance.

    One per case and custody episode, written at the release event; it is also the record of
    that release (when, and whether housing was resolved on the first night) for the KPIs.
    """

    __tablename__ = "handover"
    __table_args__ = (
        UniqueConstraint("case_id", "episode"),
        Index("ix_handover_area_status", "area", "status"),
        Index("ix_handover_delivery_state", "delivery_state"),
        Index("ix_handover_released_at", "released_at"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    case_id: str = Field(foreign_key="case.id", max_length=36)
    episode: int = 1
    area: str | None = Field(default=None, foreign_key="area.code")
    status: str = "new"  # HandoverStatus: new | accepted
    packet: dict[str, Any] = Field(
        sa_column=Column(
            JSONData,
            nullable=False,
            info=special("its drug_treatment part: health, UK GDPR art. 9"),
        )
    )
    released_at: datetime = Field(sa_column=utc_column(nullable=False))
    housing_resolved_at_release: bool = False
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    sent_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    accept_by: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    accepted_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    accepted_by: str | None = None
    worker: str | None = None
    first_appointment: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    delivery_state: str = "pending"  # DeliveryState
    delivery_attempts: int = 0
    delivery_last_error: str | None = Field(default=None, max_length=500)
    delivery_claimed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    delivery_reference: str | None = Field(default=None, max_length=200)
    delivered_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class TenancyCheck(SQLModel, table=True):
    """A scheduled check that the accommodation is holding, N days after a release."""

    __tablename__ = "tenancy_check"
    __table_args__ = (
        UniqueConstraint("case_id", "episode", "day_offset"),
        Index("ix_tenancy_check_due", "due_on"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    case_id: str = Field(foreign_key="case.id", max_length=36, index=True)
    episode: int = 1
    day_offset: int
    due_on: date
    outcome: str | None = None
    notes: str | None = None
    recorded_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    recorded_by: str | None = None
