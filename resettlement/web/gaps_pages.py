"""The ROM's gaps page: per destination area, need (releases in the next N weeks with housing
unresolved) against places (free, and those they could take), each area a chart with its table;
the weekly forecast chart; the outcomes by kind of service; each table as a CSV download.

The numbers are GET /gaps's (gaps/reads.py), computed from the records at request time. A ROM
sees its own region; an admin any region, or England and Wales.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from markupsafe import Markup

from resettlement import clock
from resettlement.access.users import Principal
from resettlement.gaps.reads import compute_gaps
from resettlement.policy import get_reference
from resettlement.storage.db import session_scope
from resettlement.vocabulary import Role
from resettlement.web.auth import Viewer
from resettlement.web.charts import BLUE, GREEN, GREY, RED, Bar, bar_chart, paired_column_chart
from resettlement.web.csv_export import to_csv
from resettlement.web.pipeline_tables import Table, week_label
from resettlement.web.render import render
from resettlement.web.routing import WebRoute

router = APIRouter(route_class=WebRoute, include_in_schema=False)
DEFAULT_WEEKS, MAX_WEEKS = 12, 52
MAX_AREA_CHARTS = 60  # nationally, the areas with the largest gaps get a chart (all are tabled)


def _weeks(raw: str | None) -> int:
    if raw and raw.isdecimal() and len(raw) <= 2:
        return min(max(int(raw), 1), MAX_WEEKS)
    return DEFAULT_WEEKS


def load_gaps(request: Request, viewer: Principal) -> dict[str, Any]:
    region = request.query_params.get("region") or None
    weeks = _weeks(request.query_params.get("weeks"))
    with session_scope(write=False) as session:
        return compute_gaps(
            session,
            viewer,
            region=region,
            weeks=weeks,
            reference=get_reference(),
            today=clock.today(),
        )


def gap_tables(found: dict[str, Any]) -> dict[str, Table]:
    areas = sorted(found["areas"], key=lambda a: (-a["gap"], -a["releasing_unresolved"], a["name"]))
    return {
        "areas": Table(
            "areas",
            f"Need against places by destination area, next {found['weeks']} weeks",
            (
                "Area code",
                "Area",
                "Releasing, housing unresolved",
                "Free places",
                "Places they could take",
                "Gap",
                "No service could take",
            ),
            [
                (
                    a["area"],
                    a["name"],
                    a["releasing_unresolved"],
                    a["free_places"],
                    a["eligible_places"],
                    a["gap"],
                    a["no_suitable_service"],
                )
                for a in areas
            ],
        ),
        "forecast": Table(
            "forecast",
            "Forecast: releases with housing unresolved against places free, by week",
            ("Week starting", "Releasing, housing unresolved", "Places free"),
            [
                (str(w["week_start"]), w["releasing_unresolved"], w["free_places"])
                for w in found["forecast"]
            ],
        ),
        "outcomes": Table(
            "outcomes",
            "Outcomes by kind of service",
            (
                "Kind of service",
                "Placed",
                "Checked at 28 days",
                "Still housed at 28 days",
                "Checked at 91 days",
                "Still housed at 91 days",
            ),
            [
                (
                    o["kind"],
                    o["placed"],
                    o["checked_28"],
                    o["housed_28"],
                    o["checked_91"],
                    o["housed_91"],
                )
                for o in found["outcomes"]
            ],
        ),
    }


def area_charts(table: Table) -> list[dict[str, Any]]:
    """A chart per area with any need or any place, the largest gaps first."""
    out = []
    for code, name, need, free, eligible, gap, none in table.rows:
        if not (need or free):
            continue
        bars = [
            Bar("Releasing, unresolved", float(need or 0), RED),
            Bar("Places they could take", float(eligible or 0), GREEN),
            Bar("Free places", float(free or 0), BLUE),
            Bar("No service could take", float(none or 0), GREY),
        ]
        chart = bar_chart(f"chart-area-{code}", f"{name}: need against places", bars)
        out.append({"code": code, "name": name, "gap": gap, "bars": bars, "chart": chart})
    return out[:MAX_AREA_CHARTS]


def forecast_chart(table: Table) -> Markup:
    groups = [(week_label(w), float(n or 0), float(p or 0)) for w, n, p in table.rows]
    return paired_column_chart(
        "chart-forecast",
        "Releases with housing unresolved against places free, by week",
        groups,
        ("Releasing, unresolved", "Places free"),
    )


def _query(found: dict[str, Any], viewer: Principal) -> str:
    region = f"region={found['region']}&" if found["region"] and viewer.role == Role.admin else ""
    return f"?{region}weeks={found['weeks']}"


@router.get("/gaps")
def gaps_page(request: Request, viewer: Viewer) -> Response:
    found = load_gaps(request, viewer)
    reference = get_reference()
    tables = gap_tables(found)
    region = reference.regions.get(found["region"]) if found["region"] else None
    context = {
        "found": found,
        "region_name": region.name if region else "England and Wales",
        "tables": tables,
        "areas": area_charts(tables["areas"]),
        "quiet": [r[1] for r in tables["areas"].rows if not (r[2] or r[3])],
        "forecast_chart": forecast_chart(tables["forecast"]),
        "query": _query(found, viewer),
        "regions": [(r.code, r.name) for r in reference.regions.values()],
    }
    return render(request, "gaps.html", context)


def _csv(request: Request, viewer: Principal, name: str) -> Response:
    found = load_gaps(request, viewer)
    stamp = clock.today().isoformat()
    filename = f"gaps-{found['region'] or 'national'}-{name}-{stamp}.csv"
    return Response(
        to_csv(gap_tables(found)[name]),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/gaps/areas.csv")
def gaps_areas_csv(request: Request, viewer: Viewer) -> Response:
    return _csv(request, viewer, "areas")


@router.get("/gaps/forecast.csv")
def gaps_forecast_csv(request: Request, viewer: Viewer) -> Response:
    return _csv(request, viewer, "forecast")


@router.get("/gaps/outcomes.csv")
def gaps_outcomes_csv(request: Request, viewer: Viewer) -> Response:
    return _csv(request, viewer, "outcomes")
