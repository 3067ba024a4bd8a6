"""other systems: the HMPPS event inbox, the GOV.UK Notify outbox, the person's contact (#13)

hmpps_inbox: each HMPPS domain event as received (idempotent by message id, processed in order
per person); notification: one message per (kind, cause), claimed with a lease; case_contact: a
mobile number and the consent to text reminders (personal data). New tables only: nothing of
0003/0004 is relied on.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import resettlement.storage.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_contact",
        sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("mobile_number", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("sms_consent", sa.Boolean(), nullable=False),
        sa.Column(
            "updated_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
        ),
        sa.PrimaryKeyConstraint("case_id"),
    )
    op.create_table(
        "hmpps_inbox",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("message_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("event_type", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("noms_number", sqlmodel.sql.sqltypes.AutoString(length=7), nullable=True),
        sa.Column("prison", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column("movement", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("movement_code", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column(
            "occurred_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "received_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column(
            "next_attempt_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "claimed_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "processed_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("payload", sa.JSON().with_variant(sa.JSON(), "sqlite"), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
        ),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("message_id"),
    )
    op.create_index(
        "ix_hmpps_inbox_person", "hmpps_inbox", ["noms_number", "occurred_at", "seq"], unique=False
    )
    op.create_index("ix_hmpps_inbox_received", "hmpps_inbox", ["received_at"], unique=False)
    op.create_index(
        "ix_hmpps_inbox_status_due", "hmpps_inbox", ["status", "next_attempt_at"], unique=False
    )
    op.create_table(
        "notification",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("cause", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("recipient", sqlmodel.sql.sqltypes.AutoString(length=320), nullable=True),
        sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("region", sqlmodel.sql.sqltypes.AutoString(length=3), nullable=True),
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lookup_first", sa.Boolean(), nullable=False),
        sa.Column("last_error", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column(
            "created_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "next_attempt_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "claimed_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("sent_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("notify_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "cause"),
    )
    op.create_index("ix_notification_case", "notification", ["case_id"], unique=False)
    op.create_index("ix_notification_created", "notification", ["created_at"], unique=False)
    op.create_index(
        "ix_notification_status_due", "notification", ["status", "next_attempt_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_notification_status_due", table_name="notification")
    op.drop_index("ix_notification_created", table_name="notification")
    op.drop_index("ix_notification_case", table_name="notification")
    op.drop_table("notification")
    op.drop_index("ix_hmpps_inbox_status_due", table_name="hmpps_inbox")
    op.drop_index("ix_hmpps_inbox_received", table_name="hmpps_inbox")
    op.drop_index("ix_hmpps_inbox_person", table_name="hmpps_inbox")
    op.drop_table("hmpps_inbox")
    op.drop_table("case_contact")
