"""other systems: the HMPPS event inbox and the notifications outbox (issue #13)

Reserved for issue #13 (other systems); a no-op until that work lands (the revisions after it are already chained).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 15:00:00
"""

from collections.abc import Sequence

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
