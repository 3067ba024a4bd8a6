"""trust: user teams, token expiry, the audit chain, consent records (issue #12)

Users get a team (prison staff) and a token issue time (tokens expire after a policy period);
the audit trail gets its kind, credential, detail and hash chain (and a head row); cases when
they ended and were anonymised; raw prison events when their payload was dropped; assessments
a submission key (a double submit records one); consents how and when they were obtained and
withdrawn; sign-in attempts the address they came from.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import resettlement.storage.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = resettlement.storage.types.UTCDateTime(timezone=True)
UNSEALED = sa.text("chain_seq IS NULL")


def _text(length: int | None = None) -> sa.types.TypeEngine:  # type: ignore[type-arg]
    return sqlmodel.sql.sqltypes.AutoString(length=length)


def upgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("team", _text(20), nullable=True))
        batch_op.add_column(sa.Column("token_issued_at", UTC, nullable=True))
    op.execute("UPDATE app_user SET token_issued_at = created_at")
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.alter_column("token_issued_at", existing_type=UTC, nullable=False)

    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.alter_column("case_id", existing_type=_text(36), nullable=True)
        batch_op.add_column(sa.Column("kind", _text(10), nullable=False, server_default="read"))
        batch_op.add_column(sa.Column("credential", _text(40), nullable=True))
        batch_op.add_column(sa.Column("detail", _text(200), nullable=True))
        batch_op.add_column(sa.Column("chain_seq", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("chain_hash", _text(64), nullable=True))
        batch_op.create_unique_constraint("uq_audit_entry_chain_seq", ["chain_seq"])
        batch_op.create_index("ix_audit_user", ["username", "at"], unique=False)
        batch_op.create_index(
            "ix_audit_unsealed",
            ["id"],
            unique=False,
            sqlite_where=UNSEALED,
            postgresql_where=UNSEALED,
        )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.alter_column("kind", existing_type=_text(10), server_default=None)

    op.create_table(
        "audit_chain_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", _text(64), nullable=False),
        sa.Column("sealed_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )

    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ended_at", UTC, nullable=True))
        batch_op.add_column(sa.Column("anonymised_at", UTC, nullable=True))
    # A case that has already ended did so at its last change, as near as the records say.
    op.execute(
        'UPDATE "case" SET ended_at = (SELECT max(e.occurred_at) FROM domain_event e '
        "WHERE e.case_id = \"case\".id) WHERE stage IN ('closed', 'withdrawn')"
    )
    op.execute(
        'UPDATE "case" SET ended_at = updated_at WHERE ended_at IS NULL '
        "AND stage IN ('closed', 'withdrawn')"
    )

    with op.batch_alter_table("prison_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("payload_dropped_at", UTC, nullable=True))

    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("submission_key", _text(64), nullable=True))
        batch_op.create_unique_constraint("uq_assessment_submission", ["case_id", "submission_key"])

    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.add_column(sa.Column("method", _text(20), nullable=False, server_default="verbal"))
        batch_op.add_column(sa.Column("obtained_at", UTC, nullable=True))
        batch_op.add_column(sa.Column("withdrawn_by", _text(), nullable=True))
        batch_op.add_column(sa.Column("withdrawal_method", _text(20), nullable=True))
    op.execute("UPDATE consent SET obtained_at = recorded_at")
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.alter_column("method", existing_type=_text(20), server_default=None)

    with op.batch_alter_table("sign_in_failure", schema=None) as batch_op:
        batch_op.add_column(sa.Column("address", _text(64), nullable=False, server_default=""))
        batch_op.create_index("ix_sign_in_failure_address_at", ["address", "at"], unique=False)
    with op.batch_alter_table("sign_in_failure", schema=None) as batch_op:
        batch_op.alter_column("address", existing_type=_text(64), server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("sign_in_failure", schema=None) as batch_op:
        batch_op.drop_index("ix_sign_in_failure_address_at")
        batch_op.drop_column("address")
    with op.batch_alter_table("consent", schema=None) as batch_op:
        for name in ("withdrawal_method", "withdrawn_by", "obtained_at", "method"):
            batch_op.drop_column(name)
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_constraint("uq_assessment_submission", type_="unique")
        batch_op.drop_column("submission_key")
    with op.batch_alter_table("prison_event", schema=None) as batch_op:
        batch_op.drop_column("payload_dropped_at")
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_column("anonymised_at")
        batch_op.drop_column("ended_at")
    op.drop_table("audit_chain_head")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_unsealed")
        batch_op.drop_index("ix_audit_user")
        batch_op.drop_constraint("uq_audit_entry_chain_seq", type_="unique")
        for name in ("chain_hash", "chain_seq", "detail", "credential", "kind"):
            batch_op.drop_column(name)
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_column("token_issued_at")
        batch_op.drop_column("team")
