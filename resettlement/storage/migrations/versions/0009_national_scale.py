"""national scale: each case's regions stored and indexed (issue #16)

Reserved for issue #16; a no-op until that work lands. (Revision 0006 was reserved for the same
work and was released as a no-op, so databases already past it get these tables here.)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 21:00:00
"""

from collections.abc import Sequence

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
