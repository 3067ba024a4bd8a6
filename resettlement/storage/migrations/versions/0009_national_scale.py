"""national scale: each case's regions stored and indexed (issue #16)

`case.prison_region` and `case.destination_region` (the regions of its prison and destination
area), backfilled in one statement from the reference tables, and the indexes that read the
caseload in its own order (release date, family name, id) within a region's prisons, within a
region's destinations, and nationally: a ROM's page is a merge of two index-ordered ranges
rather than a sort of the whole scope. On SQLite, the work list's order (due, id) indexed too.
Written by hand; it depends on nothing that revisions
0004-0008 add. (Revision 0006 was reserved for the same work and was released as a no-op.)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Set-based backfill: every case at once (the same statement as storage/case_regions.py's).
BACKFILL = (
    'UPDATE "case" SET '
    'prison_region = (SELECT p.region FROM prison p WHERE p.code = "case".prison), '
    'destination_region = (SELECT a.region FROM area a WHERE a.code = "case".destination_area)'
)

ORDER = ("release_date", "family_name", "id")


def upgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prison_region", AutoString(length=3), nullable=True))
        batch_op.add_column(sa.Column("destination_region", AutoString(length=3), nullable=True))
    op.execute(BACKFILL)
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.create_index("ix_case_prison_region_order", ["prison_region", *ORDER])
        batch_op.create_index("ix_case_destination_region_order", ["destination_region", *ORDER])
        batch_op.create_index("ix_case_release_order", list(ORDER))
    if op.get_context().dialect.name == "sqlite":  # see storage/task_tables.py
        op.create_index("ix_task_due_order", "task", ["due_at", "id"], if_not_exists=True)


def downgrade() -> None:
    if op.get_context().dialect.name == "sqlite":
        op.drop_index("ix_task_due_order", "task", if_exists=True)
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_index("ix_case_release_order")
        batch_op.drop_index("ix_case_destination_region_order")
        batch_op.drop_index("ix_case_prison_region_order")
    # In place on both backends (SQLite 3.35+): a batch copy of "case" would trip the foreign
    # keys of every table that refers to it.
    op.execute('ALTER TABLE "case" DROP COLUMN destination_region')
    op.execute('ALTER TABLE "case" DROP COLUMN prison_region')
