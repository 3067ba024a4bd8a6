"""Jointly prepared release plans: versions, each party's section, and sign-offs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from resettlement.storage.types import JSONData, new_id, special, utc_column


class ReleasePlan(SQLModel, table=True):
    """One version of a case's plan for one custody episode; versions count from 1 per episode."""

    __tablename__ = "release_plan"
    __table_args__ = (UniqueConstraint("case_id", "episode", "version"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    case_id: str = Field(foreign_key="case.id", max_length=36, index=True)
    episode: int = 1
    version: int = 1
    status: str = "draft"  # PlanStatus: draft | agreed | superseded
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    agreed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class PlanSection(SQLModel, table=True):
    __tablename__ = "plan_section"
    __table_args__ = (UniqueConstraint("plan_id", "party"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    plan_id: str = Field(foreign_key="release_plan.id", max_length=36)
    party: str
    content: dict[str, Any] = Field(
        sa_column=Column(
            JSONData, nullable=False, info=special("the carat section: health, UK GDPR art. 9")
        )
    )
    updated_at: datetime = Field(sa_column=utc_column(nullable=False))
    updated_by: str


class PlanSignature(SQLModel, table=True):
    __tablename__ = "plan_signature"
    __table_args__ = (UniqueConstraint("plan_id", "party"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    plan_id: str = Field(foreign_key="release_plan.id", max_length=36)
    party: str
    signed_at: datetime = Field(sa_column=utc_column(nullable=False))
    signed_by: str
