"""GET /audit (admin): the audit trail, oldest first, by case and by user."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from resettlement.access import audit
from resettlement.access.audit_reads import AuditFilters, AuditOut, list_audit
from resettlement.api.deps import Admin, ReadDB
from resettlement.api.routes.cases import CursorQ
from resettlement.api.schemas import MAX_PAGE, Page
from resettlement.paging import Window
from resettlement.vocabulary import AuditKind

router = APIRouter(tags=["audit"])
DRAIN_S = 5.0


@router.get("/audit", response_model=Page[AuditOut])
def audit_trail(
    caller: Admin,
    session: ReadDB,
    case_id: Annotated[str | None, Query(max_length=36)] = None,
    user: Annotated[str | None, Query(max_length=100)] = None,
    kind: AuditKind | None = None,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 50,
    cursor: CursorQ = None,
) -> Page[AuditOut]:
    """Every read, write, export and refused read of a case (and changes to users): who, when,
    what, via what (api, web, cli, system) and with which token or session."""
    audit.drain(DRAIN_S)  # rows this process still holds for a busy database go in first
    listing = list_audit(
        session, AuditFilters(case_id, user, kind), Window(page, page_size, cursor)
    )
    return Page.of(listing, [AuditOut.of(r) for r in listing.rows])
