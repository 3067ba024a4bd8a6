"""map and match: services, placements (issue #11)

Released as a no-op; the map-and-match tables arrive in revision 0008.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 15:00:00
"""

from collections.abc import Sequence

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
