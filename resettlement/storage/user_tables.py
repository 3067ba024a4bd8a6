"""Users (API tokens and passwords stored only as hashes) and the case-read audit trail."""

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
    token_hash: str = Field(unique=True, max_length=64)
    password_hash: str | None = None
    active: bool = True
    created_at: datetime = Field(sa_column=utc_column(nullable=False))


class AuditEntry(SQLModel, table=True):
    """Who read which case, when, and through what (api, web, cli)."""

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_case", "case_id", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    username: str
    case_id: str = Field(max_length=36)
    at: datetime = Field(sa_column=utc_column(nullable=False))
    via: str
    action: str = "read"


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
    """One wrong password for a username (known or not): the lock-out counts these."""

    __tablename__ = "sign_in_failure"
    __table_args__ = (Index("ix_sign_in_failure_username_at", "username", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=200)
    at: datetime = Field(sa_column=utc_column(nullable=False))
