"""one person's whole resettlement: needs, allocations, person links (issue #14)

Reserved for issue #14 (needs, allocation, the person's view); a no-op until that work lands (the revisions after it are already chained).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 15:00:00
"""

from collections.abc import Sequence

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
