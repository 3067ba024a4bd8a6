"""Admins' pages of trust: the audit trail (filtered by case and user, oldest first) and the
printable subject-access export of one person (the same services as GET /audit and
GET /people/{prison_number}/export; the export is audited)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from resettlement.access import audit
from resettlement.access.audit_reads import AuditFilters, list_audit
from resettlement.access.users import Principal
from resettlement.errors import Forbidden
from resettlement.privacy.export import subject_access
from resettlement.storage.db import session_scope
from resettlement.vocabulary import Role
from resettlement.web.auth import Viewer
from resettlement.web.paging import Pager, kept_params, window
from resettlement.web.render import render
from resettlement.web.routing import WebRoute

router = APIRouter(route_class=WebRoute, include_in_schema=False)
FILTERS = ("case_id", "user")
DRAIN_S = 5.0


def _admin_only(viewer: Principal) -> None:
    if viewer.role != Role.admin:
        raise Forbidden("only an admin may read the audit trail or export a person's data")


@router.get("/audit")
def audit_page(request: Request, viewer: Viewer) -> Response:
    _admin_only(viewer)
    params = kept_params(request, *FILTERS)
    filters = AuditFilters(
        case_id=params.get("case_id", "")[:36] or None, user=params.get("user", "")[:100] or None
    )
    audit.drain(DRAIN_S)
    with session_scope(write=False) as session:
        listing = list_audit(session, filters, window(request))
    context = {
        "rows": listing.rows,
        "pager": Pager.of(listing, request, params),
        "total": listing.total,
        "values": params,
    }
    return render(request, "audit.html", context)


@router.get("/people/{prison_number}/export")
def export_page(request: Request, prison_number: str, viewer: Viewer) -> Response:
    _admin_only(viewer)
    with session_scope(write=False) as session:
        export = subject_access(session, viewer, prison_number[:7])
    return render(request, "export.html", {"export": export})
