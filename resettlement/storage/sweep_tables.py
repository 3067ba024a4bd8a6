"""What a sweep keeps between runs so that a day's run reads only what can have changed.

- `sweep_record`: per sweep and scope (a region, or '' for the whole caseload), the last day
  it ran for and the policy it ran under; a sweep with no record, another policy, a later day
  or a long gap runs in full.
- `horizon_pending`: the cases whose housing horizon tasks the next sweep must look at again,
  kept by triggers on `case` and `task` (revision 0014), so that no write path, ORM, Core or a
  hand-run statement, can change a case behind the sweep's back.
- `horizon_sweeping` (SQLite): a row the housing horizon sweep inserts at its start and
  deletes before it commits, so no other transaction ever sees it: the triggers mark nothing
  while it is there (the sweep's own writes need no second look). PostgreSQL's triggers read a
  setting of the sweep's transaction instead (horizon/changes.py `begin_quiet`).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Column
from sqlmodel import Field, SQLModel

from resettlement.storage.types import utc_column


class SweepRecord(SQLModel, table=True):
    __tablename__ = "sweep_record"

    sweep: str = Field(primary_key=True, max_length=40)
    scope: str = Field(primary_key=True, max_length=10)  # a region's code, or '' for all
    policy: str = Field(max_length=200)  # the rule's parameters the run used
    last_day: date
    swept_at: datetime = Field(sa_column=utc_column(nullable=False))


class HorizonPending(SQLModel, table=True):
    __tablename__ = "horizon_pending"
    # SQLite: one B-tree keyed by the case id, not a rowid table beside an index of it (each
    # mark an intake's case write makes is then one insert, not two).
    __table_args__ = {"sqlite_with_rowid": False}

    case_id: str = Field(primary_key=True, max_length=36)  # no foreign key: deletes stay simple
    # PostgreSQL: a sequence number taken when the case is marked (again), so that a sweep
    # deletes only the marks it read; SQLite, whose writers queue, leaves it 0.
    seq: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))


class HorizonSweeping(SQLModel, table=True):
    __tablename__ = "horizon_sweeping"

    id: int | None = Field(default=None, primary_key=True)
