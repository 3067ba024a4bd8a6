"""case order indexes for every scope, holding what the lists filter on (issue #16)

Every caseload is read in its own order (release date, family name, id) from an index led by
its scope: a prison's (ix_case_prison_order, in place of ix_case_prison_release) and a CJIT
area's (ix_case_area_order, in place of ix_case_destination_area) as a region's and the
national ones already were. Each also holds `housing_ready_from`, so that the "releasing,
housing unresolved" filter and its capped count are answered from the index; the region
destinations' index holds the prison's region, which tells the cases coming from elsewhere
(the ROM's second range) apart without reading the row.

On PostgreSQL a page read through a generic plan (psycopg prepares a statement on its fifth
run) walked the national index and filtered it by area: 0.45-0.95 s a page at 1M
(bench/HISTORY.md); an index led by the area is the better plan whatever the parameters.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 09:40:00
"""

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels = None
depends_on = None

ORDER = ["release_date", "family_name", "id"]
# (name, columns) before and after; spelled out: a migration does not change with the code.
BEFORE = {
    "ix_case_prison_release": ["prison", "release_date"],
    "ix_case_destination_area": ["destination_area"],
    "ix_case_prison_region_order": ["prison_region", *ORDER],
    "ix_case_destination_region_order": ["destination_region", *ORDER],
    "ix_case_release_order": ORDER,
}
AFTER = {
    "ix_case_prison_order": ["prison", *ORDER, "housing_ready_from"],
    "ix_case_area_order": ["destination_area", *ORDER, "housing_ready_from"],
    "ix_case_prison_region_order": ["prison_region", *ORDER, "housing_ready_from"],
    "ix_case_destination_region_order": [
        "destination_region",
        *ORDER,
        "prison_region",
        "housing_ready_from",
    ],
    "ix_case_release_order": [*ORDER, "housing_ready_from"],
}


def _swap(drop: dict[str, list[str]], create: dict[str, list[str]]) -> None:
    for name in drop:
        op.drop_index(name, table_name="case")
    for name, columns in create.items():
        op.create_index(name, "case", columns, unique=False)


def upgrade() -> None:
    _swap(BEFORE, AFTER)


def downgrade() -> None:
    _swap(AFTER, BEFORE)
