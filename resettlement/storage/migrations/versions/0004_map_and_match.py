"""Revision 0004 (after 0003) was reserved for wave-2 work and released empty; kept for the chain."""

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing."""


def downgrade() -> None:
    """Nothing."""
