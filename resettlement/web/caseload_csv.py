"""The caseload as filtered on the page, as CSV (the drill-down lists exported).

Same filters, scope and order as /cases (web/caseload.py), at most MAX_ROWS rows; every case
exported is written to the audit (action "export"). Words, not codes, like the page; cells a
spreadsheet would run as a formula are made safe (web/csv_export.py).
"""

from __future__ import annotations

import csv
import io

from fastapi import APIRouter, Request, Response

from resettlement import clock
from resettlement.access.audit import record_reads
from resettlement.errors import Forbidden
from resettlement.paging import Window
from resettlement.reads.summary import CaseSummary
from resettlement.storage.db import session_scope
from resettlement.vocabulary import AuditKind
from resettlement.web import filters as words
from resettlement.web.auth import Viewer
from resettlement.web.caseload import FILTERS, default_custody, may_export, parse_filters
from resettlement.web.caseload_query import PageQuery, caseload_page, overdue_counts
from resettlement.web.csv_export import safe_cell
from resettlement.web.forms import FormState
from resettlement.web.paging import kept_params
from resettlement.web.routing import WebRoute

router = APIRouter(route_class=WebRoute, include_in_schema=False)
MAX_ROWS = 5000
HEADERS = (
    "Name",
    "Prison number",
    "Prison",
    "Returning to",
    "Stage",
    "Release date",
    "Release date type",
    "Housing status",
    "Housing resolved",
    "Overdue tasks",
)


@router.get("/cases.csv")
def caseload_csv(request: Request, viewer: Viewer) -> Response:
    if not may_export(viewer):
        raise Forbidden("this role may not export cases")
    asked = kept_params(request, *FILTERS)
    params = {"custody": default_custody(viewer.role, asked), **asked}
    state = FormState(values=dict(params))
    filters, overdue_only, newest_first = parse_filters(params, state)
    query = PageQuery(filters, overdue_only, newest_first, Window(1, MAX_ROWS))
    with session_scope(write=False) as session:
        rows = caseload_page(session, viewer, query).rows
        record_reads(
            session, viewer, [c.id for c in rows], action="export_cases", kind=AuditKind.export
        )
        overdue = overdue_counts(session, [c.id for c in rows])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for case in (CaseSummary.of(c) for c in rows):
        row = (
            case.name,
            case.prison_number,
            words.prison_name(case.prison),
            words.area_name(case.destination_area),
            words.words(case.stage),
            words.govuk_date(case.release_date),
            case.release_date_type or "",
            words.words(case.housing_status),
            "Yes" if case.housing_resolved else "No",
            overdue.get(case.id, 0),
        )
        writer.writerow(tuple(safe_cell(cell) for cell in row))
    filename = f"cases-{clock.today().isoformat()}.csv"
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
