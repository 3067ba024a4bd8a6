"""PostgreSQL: each open task's deadline in a narrow table in the work list's order (issue #16)

`open_task_due` (task id, deadline) of the open tasks, indexed (due, task id), kept by
statement-level triggers on task and backfilled here; PostgreSQL only (storage/open_task_due.py).
The admin's national open list reads its page from it where it sorted every open task (a
parallel scan of the task heap, 100-120 ms a statement at 1M). A partial index (due, id) on the
task itself was measured first and cost the daily sweep half its time again: an escalation
would no longer be a HOT update (bench/HISTORY.md, 2026-12-03 evening).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 18:30:00
"""

import sqlalchemy as sa
from alembic import op

import resettlement.storage.types

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels = None
depends_on = None

# Spelled out: a migration does not change with the code. Each trigger reads the rows its
# statement wrote (transition tables) and writes theirs in one statement, whatever the writer
# (the ORM, executemany, the sweep's INSERT ... SELECT ... ON CONFLICT DO UPDATE, which fires
# both the insert and the update trigger with the rows each path took).
FUNCTIONS = {
    "insert": """
        INSERT INTO open_task_due (task_id, due_at)
        SELECT id, due_at FROM written WHERE status = 'open'""",
    "update": """
        DELETE FROM open_task_due d USING written w
        WHERE d.task_id = w.id AND w.status <> 'open';
        INSERT INTO open_task_due (task_id, due_at)
        SELECT id, due_at FROM written WHERE status = 'open'
        ON CONFLICT (task_id) DO UPDATE SET due_at = excluded.due_at
        WHERE open_task_due.due_at <> excluded.due_at""",
    "delete": """
        DELETE FROM open_task_due d USING written w WHERE d.task_id = w.id""",
}
BACKFILL = (
    "INSERT INTO open_task_due (task_id, due_at) SELECT id, due_at FROM task WHERE status = 'open'"
)


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":  # see storage/open_task_due.py
        return
    op.create_table(
        "open_task_due",
        sa.Column("task_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("due_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("task_id"),
    )
    op.execute(BACKFILL)
    op.create_index("ix_open_task_due_order", "open_task_due", ["due_at", "task_id"])
    for action, body in FUNCTIONS.items():
        table = "NEW" if action != "delete" else "OLD"
        op.execute(
            f"CREATE FUNCTION open_task_due_{action}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {body}; RETURN NULL; END $$"
        )
        op.execute(
            f"CREATE TRIGGER open_task_due_{action} AFTER {action.upper()} ON task "
            f"REFERENCING {table} TABLE AS written FOR EACH STATEMENT "
            f"EXECUTE FUNCTION open_task_due_{action}()"
        )


def downgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    for action in FUNCTIONS:
        op.execute(f"DROP TRIGGER open_task_due_{action} ON task")
        op.execute(f"DROP FUNCTION open_task_due_{action}()")
    op.drop_table("open_task_due")
