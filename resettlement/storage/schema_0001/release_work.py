"""Revision 0001: referrals, the release plan, its sections and signatures, tasks and
tenancy checks."""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import resettlement.storage.types


def create() -> None:
    op.create_table(
        "referral",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("episode", sa.Integer(), nullable=False),
        sa.Column("local_authority", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=False),
        sa.Column("reference", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("outcome_on", sa.Date(), nullable=True),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "episode"),
    )
    op.create_table(
        "release_plan",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("episode", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column(
            "created_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "agreed_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "episode", "version"),
    )
    with op.batch_alter_table("release_plan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_release_plan_case_id"), ["case_id"], unique=False)

    op.create_table(
        "task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedupe_key", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("team", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("due_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("escalation_level", sa.Integer(), nullable=False),
        sa.Column("anchor_date", sa.Date(), nullable=True),
        sa.Column(
            "created_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "closed_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("completed_by", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedupe_key"),
        postgresql_with={"fillfactor": 50},
    )
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.create_index("ix_task_case_kind", ["case_id", "kind", "status"], unique=False)

    op.create_table(
        "tenancy_check",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("episode", sa.Integer(), nullable=False),
        sa.Column("day_offset", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("notes", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column(
            "recorded_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "episode", "day_offset"),
    )
    with op.batch_alter_table("tenancy_check", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tenancy_check_case_id"), ["case_id"], unique=False)
        batch_op.create_index("ix_tenancy_check_due", ["due_on"], unique=False)

    op.create_table(
        "plan_section",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("plan_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("party", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("content", sa.JSON().with_variant(sa.JSON(), "sqlite"), nullable=False),
        sa.Column(
            "updated_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["release_plan.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("plan_id", "party"),
    )
    op.create_table(
        "plan_signature",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("plan_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("party", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column(
            "signed_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("signed_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["release_plan.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("plan_id", "party"),
    )
