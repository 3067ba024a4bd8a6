"""The admin's "today": the national picture, every figure an aggregate over the whole table
(an admin's scope has no limit, so nothing here reads case by case).

- Releases within `housing.rom_from_days` with housing unresolved, by region;
- overdue open work, by region;
- outbound and inbound messages that failed and wait for an admin (GOV.UK Notify outbox,
  HMPPS events inbox, handovers to CJIT case systems: pipes/reads.py);
- the KPIs against target, nationally (pipeline/reads.py).

A region holds the cases of its prisons and those returning to its areas (access/scope.py's
`region_scope`), so a case moving between regions counts in both: each figure is exactly the
total of the filtered list it links to (the caseload or the task list with `region=`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select, union
from sqlmodel import Session, col

from resettlement.access.scope import case_scope
from resettlement.access.users import Principal
from resettlement.pipeline.reads import compute_pipeline
from resettlement.pipes.reads import pipe_states
from resettlement.policy import Policy
from resettlement.reads.caseload import case_clauses
from resettlement.reads.today import releasing_filters
from resettlement.storage.tables import Case, Task
from resettlement.tasks.reads import TaskFilters, task_clauses
from resettlement.vocabulary import TaskStatus


@dataclass(frozen=True)
class National:
    window_days: int
    releasing_by_region: list[tuple[str, int]] = field(default_factory=list)
    overdue_by_region: list[tuple[str, int]] = field(default_factory=list)
    failed: dict[str, int] = field(default_factory=dict)  # pipe name -> failed rows
    kpis: dict[str, float | None] = field(default_factory=dict)


def by_region(session: Session, key: Any, rows: Select[Any]) -> list[tuple[str, int]]:
    """How many distinct `key`s of `rows` (a select over Case, joined as needed) each region
    has, a row counting for its case's prison region and its destination region (once if they
    are the same), most first."""

    def side(region: Any) -> Select[Any]:
        columns = rows.with_only_columns(key.label("key"), region.label("region"))
        return columns.where(region.is_not(None))

    pairs = union(side(col(Case.prison_region)), side(col(Case.destination_region))).subquery()
    counted = (
        select(pairs.c.region, func.count())
        .group_by(pairs.c.region)
        .order_by(func.count().desc(), pairs.c.region)
    )
    return [(str(region), int(n)) for region, n in session.execute(counted)]


def national_today(
    session: Session, who: Principal, *, now: datetime, today: date, policy: Policy
) -> National:
    """The admin's today page."""
    window = policy.housing.rom_from_days
    releasing = select(Case).where(*case_clauses(who, releasing_filters(window)))
    overdue_filters = TaskFilters(status=TaskStatus.open, due_before=now)
    overdue = (
        select(Task)
        .join(Case, col(Case.id) == col(Task.case_id))
        .where(case_scope(who), *task_clauses(who, overdue_filters))
    )
    pipeline = compute_pipeline(session, region=None, now=now, today=today, policy=policy)
    return National(
        window_days=window,
        releasing_by_region=by_region(session, col(Case.id), releasing),
        overdue_by_region=by_region(session, col(Task.id), overdue),
        failed={pipe.name: pipe.failed for pipe in pipe_states(session)},
        kpis=pipeline.kpis,
    )
