"""PostgreSQL: each task's deadline once it is no longer open, indexed in the work list's order
(issue #16)

`task.closed_due_at`, a generated column (the deadline of a task that is done or closed, NULL
while it is open), and a partial index (closed_due_at, id) of the tasks that have one. With
`open_task_due` (revision 0015) the admin's national list of every task reads its page as a
merge of two index walks, where it sorted every task (184-216 ms p95 at 1M cases). An
escalation rewrites an open task's deadline, and the column stays NULL, so it is still a HOT
update; closing or reopening a task changes its indexed status anyway. PostgreSQL only
(storage/open_task_due.py). Adding a stored column rewrites the task table once.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 00:40:00
"""

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_context().dialect.name != "postgresql":  # see storage/open_task_due.py
        return
    op.execute(
        "ALTER TABLE task ADD COLUMN closed_due_at TIMESTAMP WITH TIME ZONE "
        "GENERATED ALWAYS AS (CASE WHEN status <> 'open' THEN due_at END) STORED"
    )
    op.execute(
        "CREATE INDEX ix_task_closed_due ON task (closed_due_at, id) "
        "WHERE closed_due_at IS NOT NULL"
    )


def downgrade() -> None:
    if op.get_context().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX ix_task_closed_due")
    op.execute("ALTER TABLE task DROP COLUMN closed_due_at")
