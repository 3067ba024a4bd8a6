"""Users (API tokens and passwords kept only as hashes), web sessions and failed sign-ins."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from resettlement.storage.types import new_id, utc_column


class User(SQLModel, table=True):
    __tablename__ = "app_user"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    username: str = Field(unique=True, max_length=100)
    role: str
    scope: str | None = None
    team: str | None = Field(default=None, max_length=20)  # prison staff: hacs, carat, probation
    token_hash: str = Field(unique=True, max_length=64)
    # The API token is valid for policy `api_tokens.valid_days` from here (rotating resets it).
    token_issued_at: datetime = Field(sa_column=utc_column(nullable=False))
    password_hash: str | None = None
    active: bool = True
    created_at: datetime = Field(sa_column=utc_column(nullable=False))


class SignInSession(SQLModel, table=True):
    """A person's signed-in web session; the browser's cookie holds its token, this its hash.

    Ending it (sign-out) signs that cookie out everywhere, copies included.
    """

    __tablename__ = "sign_in_session"

    token_hash: str = Field(primary_key=True, max_length=64)
    username: str = Field(max_length=100, index=True)
    started_at: datetime = Field(sa_column=utc_column(nullable=False))
    expires_at: datetime = Field(sa_column=utc_column(nullable=False))
    ended_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class SignInFailure(SQLModel, table=True):
    """One sign-in attempt for a username (known or not) from an address, counted as a wrong
    password until the password is found right: the lock-out and the address throttle count
    these."""

    __tablename__ = "sign_in_failure"
    __table_args__ = (
        Index("ix_sign_in_failure_username_at", "username", "at"),
        Index("ix_sign_in_failure_address_at", "address", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=200)
    address: str = Field(default="", max_length=64)
    at: datetime = Field(sa_column=utc_column(nullable=False))
