"""each task carries its case's scope: prison, destination area and their regions (issue #16)

`task.prison`, `task.destination_area`, `task.prison_region` and `task.destination_region`,
backfilled in one statement from the case table (storage/task_scope.py keeps them equal to the
case's after). On PostgreSQL, which has no task index in the work list's order (an escalation
must stay a HOT update), each is indexed: a ROM's work list reads the tasks of its region's
two ranges from them, where it joined 81,000 cases to their tasks at 1M (bench/HISTORY.md).
SQLite walks its (due, id) index and needs none of them.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 14:30:00
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels = None
depends_on = None

# (column, length); spelled out: a migration does not change with the code.
COLUMNS = [
    ("prison", 3),
    ("destination_area", 9),
    ("prison_region", 3),
    ("destination_region", 3),
]
BACKFILL = "UPDATE task SET " + ", ".join(
    f'{name} = (SELECT c.{name} FROM "case" c WHERE c.id = task.case_id)' for name, _ in COLUMNS
)


def upgrade() -> None:
    # In place on both backends (ALTER TABLE ... ADD COLUMN): a batch copy of task is not
    # needed for nullable columns.
    for name, length in COLUMNS:
        op.add_column("task", sa.Column(name, AutoString(length=length), nullable=True))
    op.execute(BACKFILL)
    if op.get_context().dialect.name == "postgresql":  # see storage/task_tables.py
        for name, _ in COLUMNS:
            op.create_index(f"ix_task_{name}", "task", [name])


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        for name, _ in COLUMNS:
            op.drop_index(f"ix_task_{name}", table_name="task")
    for name, _ in reversed(COLUMNS):
        op.execute(f"ALTER TABLE task DROP COLUMN {name}")
