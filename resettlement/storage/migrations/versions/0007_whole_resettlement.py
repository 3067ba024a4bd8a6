"""one person's whole resettlement: needs, allocations, person links (issue #14)

Needs on the seven pathways with their dated updates (storage/need_tables.py), the person's
one-time links (storage/person_tables.py), who holds each case for each team and who did before
(storage/allocation_tables.py), and the pathway of a task about a need (a task about a
drugs_alcohol or health need is special category). Written by hand; it depends on nothing
that revisions 0003-0006 add.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

from resettlement.storage.types import UTCDateTime

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _instant(name: str, *, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, UTCDateTime(timezone=True), nullable=nullable)


def _text(name: str, length: int | None = None, *, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, AutoString(length=length), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "need",
        _text("id", 36),
        _text("case_id", 36),
        sa.Column("episode", sa.Integer(), nullable=False),
        _text("pathway", 40),
        _text("need", 50),
        _text("owner", 20),
        _text("status", 20),
        _text("status_at_release", 20, nullable=True),
        _instant("created_at"),
        _text("created_by", 100),
        _instant("updated_at"),
        _text("updated_by", 100),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "episode", "pathway", "need"),
    )
    with op.batch_alter_table("need", schema=None) as batch_op:
        batch_op.create_index("ix_need_status_case", ["status", "case_id"], unique=False)

    op.create_table(
        "need_update",
        sa.Column("id", sa.Integer(), nullable=False),
        _text("need_id", 36),
        _instant("at"),
        _text("by", 100),
        _text("status", 20),
        _text("note", 2000, nullable=True),
        sa.ForeignKeyConstraint(["need_id"], ["need.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("need_update", schema=None) as batch_op:
        batch_op.create_index("ix_need_update_need_id", ["need_id"], unique=False)

    op.create_table(
        "person_link",
        _text("id", 36),
        _text("case_id", 36),
        _text("secret_hash", 64),
        _instant("created_at"),
        _text("created_by", 100),
        _text("maker_role", 20),
        _instant("expires_at"),
        sa.Column("wrong_dates_of_birth", sa.Integer(), nullable=False),
        _instant("signed_in_at", nullable=True),
        _text("session_hash", 64, nullable=True),
        _instant("session_expires_at", nullable=True),
        _instant("ended_at", nullable=True),
        _text("end_reason", 40, nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("secret_hash"),
        sa.UniqueConstraint("session_hash"),
    )
    with op.batch_alter_table("person_link", schema=None) as batch_op:
        batch_op.create_index("ix_person_link_case_id", ["case_id"], unique=False)

    op.create_table(
        "allocation",
        sa.Column("id", sa.Integer(), nullable=False),
        _text("case_id", 36),
        _text("team", 20),
        _text("username", 100),
        _instant("allocated_at"),
        _text("allocated_by", 100),
        _text("reason", 500, nullable=True),
        _instant("ended_at", nullable=True),
        _text("ended_by", 100, nullable=True),
        _text("end_reason", 500, nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    current = sa.text("ended_at IS NULL")
    with op.batch_alter_table("allocation", schema=None) as batch_op:
        batch_op.create_index(
            "ux_allocation_current",
            ["case_id", "team"],
            unique=True,
            sqlite_where=current,
            postgresql_where=current,
        )
        batch_op.create_index("ix_allocation_username", ["username", "ended_at"], unique=False)

    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.add_column(_text("pathway", 40, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_column("pathway")
    op.drop_table("allocation")
    op.drop_table("person_link")
    op.drop_table("need_update")
    op.drop_table("need")
