"""map and match: services, placements (issue #11)

Reserved for issue #11; a no-op until that work lands. (Revision 0004 was reserved for the same
work and was released as a no-op, so databases already past it get these tables here.)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 21:00:00
"""

from collections.abc import Sequence

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
