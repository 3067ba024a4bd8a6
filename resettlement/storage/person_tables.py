"""The person's own one-time link to their plan: only hashes of its secrets are stored.

The link's secret is printed on a slip at the gate (or sent by SMS); the person gives their date
of birth once, and reads their plan for a short session whose token is also kept as a hash.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from resettlement.storage.types import new_id, utc_column


class PersonLink(SQLModel, table=True):
    """One link for one case: it works for one sign-in before `expires_at`; too many wrong dates
    of birth, or a newer link for the same case, end it."""

    __tablename__ = "person_link"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    case_id: str = Field(foreign_key="case.id", max_length=36, index=True)
    secret_hash: str = Field(unique=True, max_length=64)  # sha256 of the link's secret
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    created_by: str = Field(max_length=100)
    # The maker's role: a link shows the person no more than its maker may see of the case.
    maker_role: str = Field(max_length=20)
    expires_at: datetime = Field(sa_column=utc_column(nullable=False))
    wrong_dates_of_birth: int = 0
    signed_in_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    # The person's reading session after the right date of birth (its cookie holds the token).
    session_hash: str | None = Field(default=None, unique=True, max_length=64)
    session_expires_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    ended_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    end_reason: str | None = Field(default=None, max_length=40)  # PersonLinkEnd
    # The link as it is to be texted (with its secret), held only until the text is sent or
    # given up, or the link ends; then cleared. Never shown, logged or exported.
    text_url: str | None = Field(default=None, max_length=300)
