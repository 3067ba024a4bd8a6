"""backend-specific task indexes (storage/task_tables.py, storage/backend_indexes.py)

Written by hand: autogenerate cannot emit a step for one backend only, and leaves these out
of 0001. SQLite gets the covering indexes its housing sweep probes; PostgreSQL gets indexes
free of the columns an escalation rewrites, so that with the table's fillfactor (0001) an
escalation is a HOT update.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 13:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "sqlite": {
        "ix_task_kind_anchor": [
            "kind",
            "status",
            "anchor_date",
            "escalation_level",
            "case_id",
            "dedupe_key",
        ],
        "ix_task_team_status_due": ["team", "status", "due_at"],
    },
    "postgresql": {
        "ix_task_team_status": ["team", "status"],
        "ix_task_kind_status": ["kind", "status"],
    },
}


def _dialect() -> str:
    return str(op.get_context().dialect.name)


def upgrade() -> None:
    for name, columns in INDEXES.get(_dialect(), {}).items():
        op.create_index(name, "task", columns, if_not_exists=True)


def downgrade() -> None:
    for name in INDEXES.get(_dialect(), {}):
        op.drop_index(name, "task", if_exists=True)
