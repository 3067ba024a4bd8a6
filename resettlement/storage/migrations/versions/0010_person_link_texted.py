"""the person's link texted: the URL held on the link until its text is decided

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 21:30:00
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("person_link", schema=None) as batch_op:
        batch_op.add_column(sa.Column("text_url", AutoString(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("person_link", schema=None) as batch_op:
        batch_op.drop_column("text_url")
