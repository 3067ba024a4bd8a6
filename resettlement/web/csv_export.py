"""CSV export of every pipeline table: text/csv, downloaded as an attachment.

The rows are exactly the page's tables (and so the API's numbers); cells that a spreadsheet
would run as a formula are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io

from fastapi import APIRouter, Request, Response

from resettlement import clock
from resettlement.errors import NotFound
from resettlement.policy import get_policy, get_reference
from resettlement.web.auth import Viewer
from resettlement.web.pipeline_tables import Cell, Table, load_pipeline, pipeline_tables
from resettlement.web.routing import WebRoute

router = APIRouter(route_class=WebRoute, include_in_schema=False)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(cell: Cell) -> Cell:
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return "'" + cell
    return "" if cell is None else cell


def to_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table.headers)
    writer.writerows(tuple(safe_cell(c) for c in row) for row in table.rows)
    return out.getvalue()


@router.get("/pipeline/{name}.csv")
def pipeline_csv(request: Request, name: str, viewer: Viewer) -> Response:
    result = load_pipeline(request, viewer)
    tables = pipeline_tables(result, get_policy(), get_reference())
    if name not in tables:
        raise NotFound(f"no table {name}")
    stamp = clock.today().isoformat()
    filename = f"pipeline-{result.region or 'national'}-{name}-{stamp}.csv"
    return Response(
        to_csv(tables[name]),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
