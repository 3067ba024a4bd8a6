"""trust: user teams, token expiry, the audit chain, consent records (issue #12)

Reserved for issue #12 (trust); a no-op until that work lands (the revisions after it are already chained).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 15:00:00
"""

from collections.abc import Sequence

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
