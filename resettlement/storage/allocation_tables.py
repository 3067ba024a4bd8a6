"""Who holds a case: the named worker of each team, and every earlier one (the history).

A row is one worker's time holding one case for one team: from `allocated_at` (with the reason,
when it replaced another worker) until `ended_at` (reallocated, transferred, handed over). At
most one row per case and team is current (`ended_at` null).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from resettlement.storage.types import utc_column

CURRENT = text("ended_at IS NULL")


class Allocation(SQLModel, table=True):
    __tablename__ = "allocation"
    __table_args__ = (
        # One current worker per case and team; the case's tasks of a team go to its worker.
        Index(
            "ux_allocation_current",
            "case_id",
            "team",
            unique=True,
            sqlite_where=CURRENT,
            postgresql_where=CURRENT,
        ),
        # A worker's caseload ("My cases", the workload table).
        Index("ix_allocation_username", "username", "ended_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(foreign_key="case.id", max_length=36)
    team: str = Field(max_length=20)  # PlanParty: hacs | carat | probation | cjit
    username: str = Field(max_length=100)
    allocated_at: datetime = Field(sa_column=utc_column(nullable=False))
    allocated_by: str = Field(max_length=100)
    reason: str | None = Field(default=None, max_length=500)  # why, when it replaced a worker
    ended_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    ended_by: str | None = Field(default=None, max_length=100)
    end_reason: str | None = Field(default=None, max_length=500)
