"""covering indexes for matching: a service's matching columns and a placement's end date

One case's matches read every active service of two regions (~2,000 at a national catalogue
of 10,000) and the places held at them on a day; both reads are answered from the index alone.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 08:40:00
"""

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels = None
depends_on = None

SERVICE_BEFORE = ["area", "active"]
# As storage/catalogue_tables.MATCH_COLUMNS was at this revision (spelled out: a migration
# does not change with the code).
SERVICE_AFTER = [
    *SERVICE_BEFORE,
    "id",
    "name",
    "kind",
    "support_level",
    "capacity",
    "access",
    "genders_mask",
    "min_age",
    "max_age",
    "accepts_on_licence",
    "stages_mask",
    "excludes_mask",
]
PLACEMENT_BEFORE = ["service_id", "status", "start_date"]
PLACEMENT_AFTER = [*PLACEMENT_BEFORE, "end_date"]


def _replace(table: str, name: str, columns: list[str]) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.drop_index(name)
        batch_op.create_index(name, columns, unique=False)


def upgrade() -> None:
    _replace("service", "ix_service_area_active", SERVICE_AFTER)
    _replace("placement", "ix_placement_service_status", PLACEMENT_AFTER)


def downgrade() -> None:
    _replace("placement", "ix_placement_service_status", PLACEMENT_BEFORE)
    _replace("service", "ix_service_area_active", SERVICE_BEFORE)
