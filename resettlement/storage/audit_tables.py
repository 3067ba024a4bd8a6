"""The audit trail: who read, wrote, exported or was refused which case, when, through what, and
the hash chain that makes changing or removing a row evident (access/audit_chain.py).

Rows are written plainly (the id is their sequence); a short sealing step then gives each its
place in the chain (`chain_seq`) and its hash, chained to the row sealed before it. The chain's
head (its last place and hash) is kept apart, so that removing the last rows shows too. An
audit row holds no personal data of the person whose case it is (ids only): retention never
needs to touch it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from resettlement.storage.types import utc_column


class AuditEntry(SQLModel, table=True):
    """Who did what to which case, when, via what (api, web, cli, system), with which token or
    session (an identifier, never the secret)."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_case", "case_id", "at"),
        Index("ix_audit_user", "username", "at"),
        # The rows still to seal, found without reading the sealed ones.
        Index(
            "ix_audit_unsealed",
            "id",
            sqlite_where=text("chain_seq IS NULL"),
            postgresql_where=text("chain_seq IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    username: str
    case_id: str | None = Field(default=None, max_length=36)
    at: datetime = Field(sa_column=utc_column(nullable=False))
    via: str
    action: str = "read"
    kind: str = Field(default="read", max_length=10)  # read | write | export | refused | admin
    credential: str | None = Field(default=None, max_length=40)
    detail: str | None = Field(default=None, max_length=200)  # never personal data
    chain_seq: int | None = Field(default=None, unique=True)
    chain_hash: str | None = Field(default=None, max_length=64)


class AuditChainHead(SQLModel, table=True):
    """The last sealed place of the chain and its hash (one row, id 1)."""

    __tablename__ = "audit_chain_head"

    id: int = Field(default=1, primary_key=True)
    seq: int = 0
    hash: str = Field(max_length=64)
    sealed_at: datetime = Field(sa_column=utc_column(nullable=False))
