"""Tasks: work for a team, deduplicated by a unique key so no flow can raise one twice.

The housing horizon sweep rewrites a task's level, deadline and anchor as it escalates, so each
backend gets the indexes its own sweep plan wants (storage/backend_indexes.py):
- SQLite, which has no hash join, probes each case's task in a covering index of those very
  columns, and lists a team's work from an index ordered by deadline;
- PostgreSQL hashes the open tasks in one pass instead, and keeps every column an escalation
  rewrites out of its indexes, with room left on each page, so that an escalation is a HOT update
  (the row rewritten in its page, no index touched) rather than five index inserts: a quarter
  of the 1M-case daily sweep's time before (bench/HISTORY.md). Without an index in the work
  list's order, PostgreSQL reads a scope's tasks from indexes on the case's scope, which each
  task carries (prison, destination area and their regions: storage/task_scope.py), and sorts
  that scope's keys alone; the admin's national lists, which no scope narrows, walk the open
  tasks' deadlines in a narrow table of their own and the others' in a column PostgreSQL
  generates, each with an index in the list's order (storage/open_task_due.py).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from resettlement.storage.types import utc_column


class Task(SQLModel, table=True):
    __tablename__ = "task"
    __table_args__ = (
        Index("ix_task_case_kind", "case_id", "kind", "status"),
        # SQLite: open tasks of a kind by deadline anchor: covers the housing horizon sweep's
        # probe "is this case's task open at the wanted level for its release date?" without
        # reading the row, and keeps one day's escalations together in the index.
        Index(
            "ix_task_kind_anchor",
            "kind",
            "status",
            "anchor_date",
            "escalation_level",
            "case_id",
            "dedupe_key",
        ).ddl_if(dialect="sqlite"),
        # SQLite: team lists and overdue counts in deadline order; led by team so that a bare
        # `status = 'open'` predicate never tempts SQLite's planner away from the case index.
        Index("ix_task_team_status_due", "team", "status", "due_at").ddl_if(dialect="sqlite"),
        # SQLite: the work list in its own order (due, id), read in index order and cut at the
        # page's end rather than sorted whole (revision 0009). Not on PostgreSQL, where it would
        # hold a column an escalation rewrites.
        Index("ix_task_due_order", "due_at", "id").ddl_if(dialect="sqlite"),
        # PostgreSQL: the same lists and the sweep's open tasks of a kind, without the columns
        # an escalation rewrites (a team's open list is sorted by deadline after the lookup).
        Index("ix_task_team_status", "team", "status").ddl_if(dialect="postgresql"),
        Index("ix_task_kind_status", "kind", "status").ddl_if(dialect="postgresql"),
        # PostgreSQL: a scope's tasks (a prison's, an area's, a region's two ranges), none of
        # them a column an escalation rewrites (revision 0013).
        Index("ix_task_prison", "prison").ddl_if(dialect="postgresql"),
        Index("ix_task_destination_area", "destination_area").ddl_if(dialect="postgresql"),
        Index("ix_task_prison_region", "prison_region").ddl_if(dialect="postgresql"),
        Index("ix_task_destination_region", "destination_region").ddl_if(dialect="postgresql"),
        # Room for escalated rows' new versions in their own pages (HOT). Cases releasing on
        # the same day enter the horizon together, so their tasks share pages and escalate in
        # the same sweep: inserts stop at half a page, leaving room to rewrite every row once.
        {"postgresql_with": {"fillfactor": 50}},
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
    # The resettlement pathway of the need a task is about (None for other work): a task about
    # a drugs_alcohol or health need is special category, seen where drug treatment is.
    pathway: str | None = Field(default=None, max_length=40)
    # The case's scope, as its case has it now (storage/task_scope.py keeps them equal): who may
    # see the task, read without the case (PostgreSQL's work lists, above).
    prison: str | None = Field(default=None, max_length=3)
    destination_area: str | None = Field(default=None, max_length=9)
    prison_region: str | None = Field(default=None, max_length=3)
    destination_region: str | None = Field(default=None, max_length=3)
