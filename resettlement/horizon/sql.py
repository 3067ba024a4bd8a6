"""What the housing horizon sweep wants and how it finds what differs (horizon/sweep.py; the
writes and the statement set: horizon/statements.py), built once per policy, dialect and scope;
the day, the instant and the region are bound when they run.

Wanted tasks come in bands of release dates: level L is wanted while the release date is more
than horizon[L] and at most horizon[L-1] days away (`release_date <= :today_plus_N`, bound dates,
no date arithmetic in SQL). Deadlines come from `day_start` (06:00 London).

The diff (wanted against existing) is written for each backend's strength:
- SQLite probes: one statement per band reads the cases from a covering index and probes each
  case's task in another covering index; stale tasks are found only when the open tasks
  outnumber the wanted cases (horizon/sweep.py).
- PostgreSQL hashes: one pass over the wanted cases (a CASE picks the band) FULL JOINed by
  dedupe key to one pass over the open tasks lists in one statement what to raise, re-plan and
  close. (Seven banded anti-joins would scan the tasks seven times; SQLite has no hash join and
  no automatic index for a FULL JOIN of two subqueries.)
A day's sweep that follows on from the last (horizon/changes.py) reads the changed cases alone,
on both backends the same way: each looked up by id, its wanted task by key (`probed_diff`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Date,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    bindparam,
    case,
    exists,
    func,
    literal,
    not_,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.sql.elements import BindParameter

from resettlement.cases.partition import in_region
from resettlement.horizon.changes import as_candidates
from resettlement.horizon.rules import days_before_due
from resettlement.housing.sql import housing_resolved_clause
from resettlement.storage.tables import Case, Task
from resettlement.storage.types import UTCDateTime
from resettlement.tasks.keys import sql_dedupe_key
from resettlement.vocabulary import CUSTODY_STAGES, TASK_TEAM, TaskKind, TaskStatus

CASES: Table = Case.__table__  # type: ignore[attr-defined]
TASKS: Table = Task.__table__  # type: ignore[attr-defined]
OPEN, CLOSED = TaskStatus.open.value, TaskStatus.closed.value

# What the sweep must write: one row per wanted task not yet in its wanted state and, on
# PostgreSQL, one per open task no longer wanted (level NULL: to close). A temporary table of
# the connection, kept (empty) between sweeps: creating and dropping it each time would make
# SQLite prepare every statement again.
DIFF = Table(
    "housing_horizon_diff",
    MetaData(),
    Column("kind", String(40), nullable=False),
    Column("case_id", String(36), nullable=False),
    Column("dedupe_key", String(200), nullable=False),
    Column("team", String(20)),
    Column("title", String(200)),
    Column("level", Integer),  # NULL: the open task `task_id` is no longer wanted
    Column("due_days_before", Integer),
    Column("release_date", Date),
    Column("task_id", Integer),  # the row of this key, if any (PostgreSQL: if open)
    Column("open_level", Integer),  # its level if it is open (NULL: no open row)
    prefixes=["TEMPORARY"],
    postgresql_on_commit="DELETE ROWS",
)


def _on(days: int) -> BindParameter[date]:
    """The date `days` after today, bound at execution (statements are built once)."""
    return bindparam(f"today_plus_{days}", type_=Date())


NOW = bindparam("now", type_=UTCDateTime())
# A region sweep (scale-out fan-out) covers the cases of one region (cases/partition.py).
REGION_SCOPE = in_region(bindparam("region", type_=String()))


@dataclass(frozen=True)
class Band:
    """Release dates in (today+after, today+upto] want this level, due `due_before` days out."""

    level: int
    due_before: int
    upto: int
    after: int | None


@dataclass(frozen=True)
class Plan:
    """How one horizon kind is wanted: within `reach` days, by bands of release dates."""

    kind: TaskKind
    reach: int
    title: str
    bands: list[Band]
    scope: ColumnElement[bool]  # the cases this sweep covers: all, or one region's
    task_scope: ColumnElement[bool] | None  # their tasks (None: every task)

    def key(self) -> ColumnElement[str]:
        """This kind's task key for the case row (tasks/keys.py)."""
        return sql_dedupe_key(self.kind, CASES.c.id, CASES.c.episode)

    def wanted(self, band: Band | None = None) -> ColumnElement[bool]:
        """Custody cases releasing within reach (or within a band) with housing unresolved."""
        custody = CASES.c.stage.in_(sorted(s.value for s in CUSTODY_STAGES))
        reach = CASES.c.release_date <= _on(band.upto if band else self.reach)
        if band is not None and band.after is not None:
            reach = and_(reach, CASES.c.release_date > _on(band.after))
        return and_(custody, reach, not_(housing_resolved_clause()), self.scope)

    def tasks(self) -> ColumnElement[bool]:
        """This kind's open tasks of the cases this sweep covers."""
        of_kind = and_(TASKS.c.kind == self.kind.value, TASKS.c.status == OPEN)
        return of_kind if self.task_scope is None else and_(of_kind, self.task_scope)


def _scopes(scope: str) -> tuple[ColumnElement[bool], ColumnElement[bool] | None]:
    """The cases and the tasks a sweep covers: "all", one "region"'s, or the "changed" cases
    (horizon/changes.py: those marked or crossing a threshold since the last run, whose rows
    `probed_diff` reads from their copies)."""
    if scope == "all":
        return true(), None
    if scope == "region":
        return REGION_SCOPE, TASKS.c.case_id.in_(select(CASES.c.id).where(REGION_SCOPE))
    return true(), None  # probed_diff and the stale closes read the candidates themselves


def plans(horizon: Sequence[int], rom_from_days: int, scope: str) -> list[Plan]:
    """Level L is wanted from horizon[L-1] days left until horizon[L] (the last: no end)."""
    cases, tasks = _scopes(scope)
    ends = [*horizon[1:], None]
    bands = [
        Band(level, days_before_due(level, horizon), upto, after)
        for level, (upto, after) in enumerate(zip(horizon, ends, strict=True), start=1)
    ]
    return [
        Plan(
            TaskKind.housing_unresolved,
            horizon[0],
            "Housing unresolved before release",
            bands,
            cases,
            tasks,
        ),
        Plan(
            TaskKind.housing_unresolved_escalation,
            rom_from_days,
            f"Housing still unresolved with {rom_from_days} days or fewer to release",
            [Band(1, 0, rom_from_days, None)],
            cases,
            tasks,
        ),
    ]


def banded_diff(plan: Plan, band: Band) -> Any:
    """Wanted cases of a band without their task open at its level for their release date.

    A first-episode case can only have first-episode tasks, so only later episodes pay for
    comparing the dedupe key (which SQLite would also answer from the unique key index,
    reading every task row, instead of from the covering index).
    """
    in_state = select(literal(1)).where(  # SELECT 1: SQLite then reads the index alone
        TASKS.c.kind == plan.kind.value,
        TASKS.c.status == OPEN,
        TASKS.c.anchor_date == CASES.c.release_date,
        TASKS.c.escalation_level == band.level,
        TASKS.c.case_id == CASES.c.id,
        or_(CASES.c.episode == 1, TASKS.c.dedupe_key == plan.key()),
    )
    of_key = TASKS.c.dedupe_key == plan.key()  # the unique index alone answers the id
    columns = (
        literal(plan.kind.value),
        CASES.c.id,
        plan.key(),
        literal(TASK_TEAM[plan.kind].value),
        literal(plan.title),
        literal(band.level),
        literal(band.due_before),
        CASES.c.release_date,
        select(TASKS.c.id).where(of_key).scalar_subquery(),
        select(TASKS.c.escalation_level).where(of_key, TASKS.c.status == OPEN).scalar_subquery(),
    )
    return select(*columns).where(plan.wanted(band), ~exists(in_state))


def wanted_rows(plan: Plan) -> Any:
    """One row per wanted task of the kind: its key, level and due offset. One pass, no bands:
    they are tried nearest first, so the first `release_date <= :today_plus_N` that holds is
    the case's band.
    """
    nearest_first = sorted(plan.bands, key=lambda band: band.upto)
    level: ColumnElement[int]
    due_before: ColumnElement[int]
    if len(nearest_first) == 1:
        level, due_before = literal(nearest_first[0].level), literal(nearest_first[0].due_before)
    else:
        level = case(*((CASES.c.release_date <= _on(b.upto), b.level) for b in nearest_first))
        due_before = case(
            *((CASES.c.release_date <= _on(b.upto), b.due_before) for b in nearest_first)
        )
    return select(
        literal(plan.kind.value).label("kind"),
        CASES.c.id.label("case_id"),
        plan.key().label("dedupe_key"),
        literal(TASK_TEAM[plan.kind].value).label("team"),
        literal(plan.title).label("title"),
        level.label("level"),
        due_before.label("due_days_before"),
        CASES.c.release_date.label("release_date"),
    ).where(plan.wanted())


def probed_diff(plan: Plan) -> Any:
    """The changed cases alone: each wanted task (one pass over the candidates' copies of the
    case columns, the band by CASE) looked up by its key in the unique index; open tasks no
    longer wanted are left to `close_stale`, which reads the marked cases' tasks alone."""
    wanted = as_candidates(wanted_rows(plan)).subquery(f"wanted_{plan.kind.value}")
    joined = wanted.outerjoin(TASKS, TASKS.c.dedupe_key == wanted.c.dedupe_key)
    is_open = TASKS.c.status == OPEN
    differs = or_(
        TASKS.c.id.is_(None),
        TASKS.c.status != OPEN,
        TASKS.c.escalation_level != wanted.c.level,
        TASKS.c.anchor_date.is_distinct_from(wanted.c.release_date),
    )
    columns = [wanted.c[c.name] for c in DIFF.columns if c.name in wanted.c]
    return (
        select(*columns, TASKS.c.id, case((is_open, TASKS.c.escalation_level), else_=None))
        .select_from(joined)
        .where(differs)
    )


def joined_diff(plans: Sequence[Plan]) -> Any:
    """Wanted tasks against open tasks, by dedupe key, in one pass over each: FULL JOIN.

    A wanted key without an open row is to insert (or reopen); an open row at another level or
    for another release date is to raise or re-plan; an open row without a wanted key (housing
    resolved, release date out of reach, case out of custody, an earlier episode) is to close
    (level NULL). Rows in their wanted state are left out.
    """
    wanted = union_all(*(wanted_rows(plan) for plan in plans)).subquery("wanted")
    open_rows = and_(TASKS.c.kind.in_([plan.kind.value for plan in plans]), TASKS.c.status == OPEN)
    if plans[0].task_scope is not None:
        open_rows = and_(open_rows, plans[0].task_scope)
    columns = ["id", "kind", "case_id", "dedupe_key", "escalation_level", "anchor_date"]
    current = select(*(TASKS.c[name] for name in columns)).where(open_rows).subquery("current")
    rows = select(
        func.coalesce(wanted.c.kind, current.c.kind),
        func.coalesce(wanted.c.case_id, current.c.case_id),
        func.coalesce(wanted.c.dedupe_key, current.c.dedupe_key),
        wanted.c.team,
        wanted.c.title,
        wanted.c.level,
        wanted.c.due_days_before,
        wanted.c.release_date,
        current.c.id,
        current.c.escalation_level,
    )
    joined = wanted.join(current, current.c.dedupe_key == wanted.c.dedupe_key, full=True)
    differs = or_(
        wanted.c.dedupe_key.is_(None),
        current.c.id.is_(None),
        current.c.escalation_level != wanted.c.level,
        current.c.anchor_date.is_distinct_from(wanted.c.release_date),
    )
    return rows.select_from(joined).where(differs)
