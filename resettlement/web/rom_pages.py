"""The ROM's pipeline page: stage funnel, releases with housing unresolved per week, overdue
tasks by prison and team, and KPIs against targets, each a chart with its table beside it."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from markupsafe import Markup

from resettlement.policy import get_policy, get_reference
from resettlement.vocabulary import Role, Stage
from resettlement.web.auth import Viewer
from resettlement.web.charts import GREEN, GREY, RED, Bar, bar_chart, column_chart
from resettlement.web.filters import words
from resettlement.web.pipeline_tables import Table, load_pipeline, pipeline_tables, week_label
from resettlement.web.render import render
from resettlement.web.routing import WebRoute

router = APIRouter(route_class=WebRoute, include_in_schema=False)
MAX_OVERDUE_BARS = 15
KPI_SHORT = {
    "accommodated_on_release_pct": "Housed on release night",
    "settled_at_91_days_pct": "Settled at the check",
    "handover_accepted_within_sla_pct": "Accepted in time",
    "needs_met_at_release_pct": "Needs met at release",
}


def _shown(value: object) -> str:
    return "no data" if value is None else f"{value}%"


def charts(tables: dict[str, Table]) -> dict[str, Markup]:
    """One chart per table, drawn from the table's own rows."""
    stages = [Bar(words(stage), float(count or 0)) for stage, count in tables["stages"].rows]
    weeks = [
        (week_label(week), float(count or 0)) for week, count in tables["releasing-unresolved"].rows
    ]
    overdue = [
        Bar(f"{prison} {str(team).upper()}", float(count or 0), RED)
        for prison, _name, team, count in tables["overdue-tasks"].rows[:MAX_OVERDUE_BARS]
    ]
    kpis = []
    for name, _label, value, target, _num, _den, met in tables["kpis"].rows:
        colour = GREY if value is None else (GREEN if met != "no" else RED)
        shown = _shown(value)
        goal = float(target) if target is not None else None
        label = KPI_SHORT.get(str(name), str(name))
        kpis.append(Bar(label, float(value or 0), colour, goal, shown))
    needs = [
        Bar(words(p), float(pct or 0), GREY if pct is None else GREEN, None, _shown(pct))
        for p, _needs, _met, pct in tables["needs-met-at-release"].rows
    ]
    return {
        "stages": bar_chart("chart-stages", "Cases at each stage", stages),
        "needs-met-at-release": bar_chart(
            "chart-needs-met-at-release", "Needs met at release, by pathway", needs, scale_max=100
        ),
        "releasing-unresolved": column_chart(
            "chart-releasing-unresolved", "Releases with housing unresolved, by week", weeks
        ),
        "overdue-tasks": bar_chart(
            "chart-overdue-tasks", "Overdue tasks by prison and team", overdue
        ),
        "kpis": bar_chart(
            "chart-kpis",
            "Key performance indicators (dashed line: target)",
            kpis,
            scale_max=100,
            description="; ".join(f"{b.label}: {b.shown}, target {b.target}%" for b in kpis),
        ),
    }


@router.get("/pipeline")
def pipeline_page(request: Request, viewer: Viewer) -> Response:
    result = load_pipeline(request, viewer)
    reference = get_reference()
    tables = pipeline_tables(result, get_policy(), reference)
    region = reference.regions.get(result.region) if result.region else None
    context = {
        "pipeline": result,
        "region_name": region.name if region else "England and Wales",
        "tables": tables,
        "charts": charts(tables),
        # An admin's chosen region carries into the CSV links; a ROM's is their own anyway.
        "query": f"?region={result.region}" if result.region and viewer.role == Role.admin else "",
        "regions": [(r.code, r.name) for r in reference.regions.values()],
        "stage_order": [s.value for s in Stage],
    }
    return render(request, "pipeline.html", context)
