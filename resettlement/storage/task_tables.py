"""Tasks: work for a team, deduplicated by a unique key so no flow can raise one twice."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from resettlement.storage.types import utc_column


class Task(SQLModel, table=True):
    __tablename__ = "task"
    __table_args__ = (
        Index("ix_task_case_kind", "case_id", "kind", "status"),
        # Open tasks of a kind by deadline anchor: covers the housing horizon sweep's probe "is
        # this case's task open at the wanted level for its release date?" without reading the
        # row, and keeps one day's escalations together in the index (services/housing_sweep.py).
        Index(
            "ix_task_kind_anchor",
            "kind",
            "status",
            "anchor_date",
            "escalation_level",
            "case_id",
            "dedupe_key",
        ),
        # Team lists and overdue counts; led by team so that a bare `status = 'open'` predicate
        # never tempts SQLite's planner away from the case index above.
        Index("ix_task_team_status_due", "team", "status", "due_at"),
    )

    # Integer ids: set-based sweeps insert tasks with INSERT ... SELECT on every backend.
    id: int | None = Field(default=None, primary_key=True)
    dedupe_key: str = Field(unique=True, max_length=200)
    case_id: str = Field(foreign_key="case.id", max_length=36)
    kind: str
    team: str
    title: str
    due_at: datetime = Field(sa_column=utc_column(nullable=False))
    status: str = "open"
    escalation_level: int = 1
    # The date the deadline counts from (a housing task: the release date); a sweep re-plans
    # the task when the case's date no longer matches it.
    anchor_date: date | None = None
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    updated_at: datetime = Field(sa_column=utc_column(nullable=False))
    closed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    completed_by: str | None = None
