"""Revision 0006 (after 0005) was reserved for wave-2 work and released empty; kept for the chain."""

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing."""


def downgrade() -> None:
    """Nothing."""
