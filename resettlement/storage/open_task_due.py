"""PostgreSQL: each open task's deadline in a narrow table of its own, in the work list's order.

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
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from resettlement.storage.types import utc_column


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
