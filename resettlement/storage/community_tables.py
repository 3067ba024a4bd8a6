"""After release: the CJIT handover with its delivery outbox, and tenancy checks."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from resettlement.storage.types import JSONData, new_id, utc_column


class Handover(SQLModel, table=True):
    """The consented packet for the destination CJIT, its delivery state and its acceptance."""

    __tablename__ = "handover"
    __table_args__ = (
        UniqueConstraint("case_id", "episode"),
        Index("ix_handover_area_status", "area", "status"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    case_id: str = Field(foreign_key="case.id", max_length=36)
    episode: int = 1
    area: str | None = Field(default=None, foreign_key="area.code")
    status: str = "new"  # new | accepted
    packet: dict[str, Any] = Field(sa_column=Column(JSONData, nullable=False))
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    sent_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    accept_by: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    accepted_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    worker: str | None = None
    first_appointment: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    delivery_state: str = "pending"  # pending | delivered | failed | inbox_only
    delivery_attempts: int = 0
    delivery_last_error: str | None = None
    delivered_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class TenancyCheck(SQLModel, table=True):
    __tablename__ = "tenancy_check"
    __table_args__ = (UniqueConstraint("case_id", "episode", "day_offset"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    case_id: str = Field(foreign_key="case.id", max_length=36, index=True)
    episode: int = 1
    day_offset: int
    due_on: date
    outcome: str | None = None
    notes: str | None = None
    recorded_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    recorded_by: str | None = None
