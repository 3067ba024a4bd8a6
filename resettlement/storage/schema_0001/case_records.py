"""Revision 0001: the case, its accommodation, assessments, consents, timeline, handover
and intake log."""

import sqlalchemy as sa
import sqlmodel
from alembic import op

import resettlement.storage.types


def create() -> None:
    op.create_table(
        "case",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("prison_number", sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
        sa.Column("given_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("family_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=False),
        sa.Column("gender", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("prison", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("destination_area", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("reception_date", sa.Date(), nullable=False),
        sa.Column("release_date", sa.Date(), nullable=True),
        sa.Column("release_date_type", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("on_licence", sa.Boolean(), nullable=False),
        sa.Column("stage", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("episode", sa.Integer(), nullable=False),
        sa.Column("housing_status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("housing_ready_from", sa.Date(), nullable=True),
        sa.Column("spectrum_stage", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("consent_share_cjit", sa.Boolean(), nullable=False),
        sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column(
            "created_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "updated_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["destination_area"],
            ["area.code"],
        ),
        sa.ForeignKeyConstraint(
            ["prison"],
            ["prison.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_case_destination_area"), ["destination_area"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_case_prison_number"), ["prison_number"], unique=False)
        batch_op.create_index("ix_case_prison_release", ["prison", "release_date"], unique=False)
        batch_op.create_index(
            "ix_case_stage_release",
            ["stage", "release_date", "housing_ready_from", "episode", "id"],
            unique=False,
        )

    op.create_table(
        "accommodation",
        sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("housing_status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("provider", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column(
            "updated_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
        ),
        sa.PrimaryKeyConstraint("case_id"),
    )
    op.create_table(
        "assessment",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("episode", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON().with_variant(sa.JSON(), "sqlite"), nullable=False),
        sa.Column(
            "recorded_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.create_index("ix_assessment_case", ["case_id", "kind"], unique=False)

    op.create_table(
        "consent",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("given", sa.Boolean(), nullable=False),
        sa.Column(
            "recorded_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column(
            "withdrawn_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consent_case_id"), ["case_id"], unique=False)

    op.create_table(
        "domain_event",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column(
            "occurred_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("data", sa.JSON().with_variant(sa.JSON(), "sqlite"), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
        ),
        sa.PrimaryKeyConstraint("seq"),
    )
    with op.batch_alter_table("domain_event", schema=None) as batch_op:
        batch_op.create_index("ix_domain_event_case", ["case_id", "seq"], unique=False)

    op.create_table(
        "handover",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("episode", sa.Integer(), nullable=False),
        sa.Column("area", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("packet", sa.JSON().with_variant(sa.JSON(), "sqlite"), nullable=False),
        sa.Column(
            "released_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("housing_resolved_at_release", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("sent_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column(
            "accept_by", resettlement.storage.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column(
            "accepted_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("accepted_by", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("worker", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column(
            "first_appointment",
            resettlement.storage.types.UTCDateTime(timezone=True),
            nullable=True,
        ),
        sa.Column("delivery_state", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("delivery_attempts", sa.Integer(), nullable=False),
        sa.Column(
            "delivery_last_error", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True
        ),
        sa.Column(
            "delivery_claimed_at",
            resettlement.storage.types.UTCDateTime(timezone=True),
            nullable=True,
        ),
        sa.Column(
            "delivery_reference", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True
        ),
        sa.Column(
            "delivered_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.ForeignKeyConstraint(
            ["area"],
            ["area.code"],
        ),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "episode"),
    )
    with op.batch_alter_table("handover", schema=None) as batch_op:
        batch_op.create_index("ix_handover_area_status", ["area", "status"], unique=False)
        batch_op.create_index("ix_handover_delivery_state", ["delivery_state"], unique=False)
        batch_op.create_index("ix_handover_released_at", ["released_at"], unique=False)

    op.create_table(
        "prison_event",
        sa.Column("event_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("type", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("case_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column(
            "occurred_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "received_at", resettlement.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("payload", sa.JSON().with_variant(sa.JSON(), "sqlite"), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["case.id"],
        ),
        sa.PrimaryKeyConstraint("event_id"),
    )
    with op.batch_alter_table("prison_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prison_event_case_id"), ["case_id"], unique=False)
