"""map and match: services, placements (issue #11)

The catalogue of accommodation and support services (storage/catalogue_tables.py), placements
at them, and the HACS assessment's support need and risk factors on the case. (Revision 0004
was reserved for the same work and was released as a no-op, so databases already past it get
these tables here.) Written by hand.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

from resettlement.storage.types import UTCDateTime

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _instant(name: str, *, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, UTCDateTime(timezone=True), nullable=nullable)


def _text(name: str, length: int | None = None, *, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, AutoString(length=length), nullable=nullable)


def _int(name: str, *, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.Integer(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "service",
        _text("id", 36),
        _text("code", 60, nullable=True),
        _text("name", 200),
        _text("provider", 200),
        _text("address", 300),
        _text("area", 9),
        _text("kind", 30),
        _text("support_level", 10),
        _int("capacity"),
        _text("access", 20),
        _int("genders_mask"),
        _int("min_age", nullable=True),
        _int("max_age", nullable=True),
        sa.Column("accepts_on_licence", sa.Boolean(), nullable=False),
        _int("stages_mask"),
        _int("excludes_mask"),
        sa.Column("active", sa.Boolean(), nullable=False),
        _instant("created_at"),
        _instant("updated_at"),
        _text("updated_by", 100),
        sa.ForeignKeyConstraint(["area"], ["area.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.create_index("ix_service_area_active", ["area", "active"], unique=False)

    op.create_table(
        "placement",
        _text("id", 36),
        _text("case_id", 36),
        _int("episode"),
        _text("service_id", 36),
        _text("status", 20),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        _text("reason", 500, nullable=True),
        _instant("requested_at"),
        _text("requested_by", 100),
        _instant("answered_at", nullable=True),
        _instant("updated_at"),
        _text("updated_by", 100),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.ForeignKeyConstraint(["service_id"], ["service.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("placement", schema=None) as batch_op:
        batch_op.create_index(
            "ix_placement_service_status", ["service_id", "status", "start_date"], unique=False
        )
        batch_op.create_index("ix_placement_case", ["case_id"], unique=False)
        batch_op.create_index(
            "ix_placement_status_requested", ["status", "requested_at"], unique=False
        )

    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.add_column(_text("support_need", 10, nullable=True))
        batch_op.add_column(
            sa.Column("risk_mask", sa.Integer(), nullable=False, server_default=sa.text("0"))
        )


def downgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_column("risk_mask")
        batch_op.drop_column("support_need")
    op.drop_table("placement")
    op.drop_table("service")
