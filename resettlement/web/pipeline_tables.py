"""The ROM pipeline as tables: the same rows feed the page's accessible tables and the CSV files.

Numbers come from the pipeline service (what GET /pipeline answers), never recomputed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fastapi import Request

from resettlement import clock
from resettlement.access.users import Principal
from resettlement.pipeline.reads import Pipeline, compute_pipeline, pipeline_region
from resettlement.policy import KPI_NAMES, Policy, Reference, get_policy, get_reference
from resettlement.storage.db import session_scope
from resettlement.vocabulary import Stage

Cell = str | int | float | None

KPI_LABELS = {
    "accommodated_on_release_pct": "Accommodated on the night of release",
    "settled_at_91_days_pct": "Settled at the {day}-day tenancy check",
    "handover_accepted_within_sla_pct": "Handover accepted within the deadline",
    "needs_met_at_release_pct": "Needs met at release (every pathway)",
}


@dataclass(frozen=True)
class Table:
    """One table of the pipeline: its CSV file name, caption, column headings and rows."""

    name: str
    caption: str
    headers: tuple[str, ...]
    rows: list[tuple[Cell, ...]]


def load_pipeline(request: Request, viewer: Principal) -> Pipeline:
    """The viewer's pipeline: a ROM's region, or for an admin `?region=` (national without)."""
    region = request.query_params.get("region") or None
    scope = pipeline_region(viewer, region, get_reference())
    with session_scope(write=False) as session:
        return compute_pipeline(
            session, region=scope, now=clock.now(), today=clock.today(), policy=get_policy()
        )


def kpi_label(name: str, policy: Policy) -> str:
    return KPI_LABELS.get(name, name).format(day=policy.pipeline.settled_check_day)


def pipeline_tables(result: Pipeline, policy: Policy, reference: Reference) -> dict[str, Table]:
    stages = Table(
        "stages",
        "Cases at each stage",
        ("Stage", "Cases"),
        [(s.value, result.stages.get(s.value, 0)) for s in Stage],
    )
    weeks = Table(
        "releasing-unresolved",
        "Releases with housing unresolved, by week of release",
        ("Week starting", "Releases with housing unresolved"),
        [(str(w["week_start"]), int(w["count"])) for w in result.releasing_unresolved],
    )
    overdue = Table(
        "overdue-tasks",
        f"Overdue tasks by prison and team ({result.overdue_tasks} in all)",
        ("Prison", "Prison name", "Team", "Overdue tasks"),
        [
            (
                row["prison"],
                reference.prisons[row["prison"]].name if row["prison"] in reference.prisons else "",
                row["team"],
                int(row["count"]),
            )
            for row in result.overdue_by_prison_team
        ],
    )
    kpis = Table(
        "kpis",
        "Key performance indicators against targets",
        ("Indicator", "Measure", "Per cent", "Target per cent", "Numerator", "Denominator", "Met"),
        [_kpi_row(name, result, policy) for name in KPI_NAMES],
    )
    needs = Table(
        "needs-met-at-release",
        "Needs met at release, by pathway",
        ("Pathway", "Needs at release", "Met", "Per cent"),
        [(r["pathway"], r["needs"], r["met"], r["pct"]) for r in result.needs_met_at_release],
    )
    return {t.name: t for t in (stages, weeks, overdue, kpis, needs)}


def _kpi_row(name: str, result: Pipeline, policy: Policy) -> tuple[Cell, ...]:
    value = result.kpis.get(name)
    target = policy.pipeline.kpi_targets.get(name)
    counts = result.kpi_counts.get(name, {})
    met = "" if value is None or target is None else ("yes" if value >= target else "no")
    return (
        name,
        kpi_label(name, policy),
        value,
        target,
        counts.get("numerator"),
        counts.get("denominator"),
        met,
    )


def week_label(week_start: Cell) -> str:
    day = date.fromisoformat(str(week_start))
    return f"{day.day} {day:%b}"
