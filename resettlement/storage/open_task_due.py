"""PostgreSQL: every task's deadline in the work list's order, without an index on the deadline
an escalation rewrites: the open tasks' in a narrow table of its own, the others' in a column.

The task table keeps no index holding its deadline on PostgreSQL (an escalation rewrites it and
must stay a HOT update: storage/task_tables.py). A partial index (due, id) of the open tasks
cost the 1M-case daily sweep half its time again (every escalation then wrote a new row version
and an entry in each of the task's ten indexes: bench/HISTORY.md, 2026-12-03 evening). This
table holds (task id, deadline) for the open tasks alone, with an index in that order: the
admin's national open list reads its page from it (tasks/reads.py) and stops at the page's end
instead of sorting every open task. An escalation rewrites one narrow row here besides its HOT
update of the task.

Triggers on task keep it equal to the open tasks at every commit, whatever writes them (the
ORM, executemany, the sweep's INSERT ... SELECT ... ON CONFLICT): one statement-level trigger a
write, set-based over the statement's rows (revision 0015 creates them and backfills). Not on
SQLite, which reads the task table's own (due, id) index (`ix_task_due_order`).

A task that is done or closed keeps its deadline: `task.closed_due_at` is a column PostgreSQL
generates (the deadline when the status is not open, else NULL), with a partial index
(closed_due_at, id) of the tasks that have one (revision 0016). An escalation changes an open
task's deadline and leaves the column NULL, so it stays a HOT update. The admin's national list
of every task merges the two walks (tasks/reads.py). The column and its index are not declared
on the task table (a column cannot be declared for one backend): `CLOSED_DUE_AT` names the
column in statements, and `ON_POSTGRESQL_ONLY` tells the schema check (storage/backend_indexes.py)
to expect both.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, literal_column
from sqlmodel import Field, SQLModel

from resettlement.storage.types import UTCDateTime, utc_column

CLOSED_DUE_AT = literal_column("task.closed_due_at", UTCDateTime())
# Reflected from a PostgreSQL database, declared on no table (revision 0016).
ON_POSTGRESQL_ONLY = frozenset({"closed_due_at", "ix_task_closed_due"})


class OpenTaskDue(SQLModel, table=True):
    __tablename__ = "open_task_due"
    __table_args__ = (
        Index("ix_open_task_due_order", "due_at", "task_id").ddl_if(dialect="postgresql"),
        # PostgreSQL only (storage/backend_indexes.py); no foreign key: the triggers delete a
        # task's row with it, and an insert's key check would cost the first sweep's 187,795.
        {"info": {"backend": "postgresql"}},
    )

    task_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    due_at: datetime = Field(sa_column=utc_column(nullable=False))
