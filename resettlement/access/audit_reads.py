"""Reading the audit trail: the admin's list (GET /audit, the audit page), who has read a case
(the case page, the subject-access export)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import ColumnElement, select
from sqlmodel import Session, col

from resettlement.paging import Listing, SortKey, Window, capped_count, keyset_page
from resettlement.storage.tables import AuditEntry
from resettlement.vocabulary import AuditKind

# What counts as someone having seen a case (its readers, on the case page and in the export).
SEEN = (AuditKind.read.value, AuditKind.export.value)


class AuditOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    user: str
    case_id: str | None
    action: str
    kind: str
    via: str
    credential: str | None
    detail: str | None
    sealed: bool

    @classmethod
    def of(cls, row: AuditEntry) -> AuditOut:
        assert row.id is not None
        return cls(
            id=row.id,
            at=row.at,
            user=row.username,
            case_id=row.case_id,
            action=row.action,
            kind=row.kind,
            via=row.via,
            credential=row.credential,
            detail=row.detail,
            sealed=row.chain_seq is not None,
        )


@dataclass(frozen=True)
class AuditFilters:
    case_id: str | None = None
    user: str | None = None
    kind: AuditKind | None = None


def _where(f: AuditFilters) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    if f.case_id is not None:
        clauses.append(col(AuditEntry.case_id) == f.case_id)
    if f.user is not None:
        clauses.append(col(AuditEntry.username) == f.user)
    if f.kind is not None:
        clauses.append(col(AuditEntry.kind) == f.kind.value)
    return clauses


# Oldest first, then id.
AUDIT_ORDER = (SortKey(col(AuditEntry.at)), SortKey(col(AuditEntry.id)))


def list_audit(session: Session, filters: AuditFilters, window: Window) -> Listing[AuditEntry]:
    """Audit rows, oldest first, filtered and paged."""
    query = select(AuditEntry).where(*_where(filters))
    rows, next_cursor = keyset_page(session, query, AUDIT_ORDER, window)
    total, exact = capped_count(session, query)
    return Listing(rows, total, exact, next_cursor)


def readers_of(session: Session, case_ids: list[str], *, limit: int = 500) -> list[AuditEntry]:
    """Who has read or exported these cases, oldest first (at most `limit` rows)."""
    if not case_ids:
        return []
    query = (
        select(AuditEntry)
        .where(col(AuditEntry.case_id).in_(case_ids), col(AuditEntry.kind).in_(SEEN))
        .order_by(col(AuditEntry.at), col(AuditEntry.id))
        .limit(limit)
    )
    return list(session.execute(query).scalars())
