"""The housing horizon sweep: domain/housing_horizon.py applied to the whole caseload in SQL.

Set-based, whatever the caseload's size; a row already in the wanted state is never written.

1. diff: one statement lists, into a temporary table, the custody cases within reach whose
   housing is unresolved and whose task is not open at the wanted level for the current
   release date. It reads the cases from a covering index and probes each case's task in
   another covering index, so neither table's rows are read.
2. apply: insert the missing tasks (INSERT ... ON CONFLICT DO NOTHING: the unique dedupe key
   decides, never a prior SELECT); reopen closed or done rows of the same key; raise levels;
   re-plan rows whose level fell or whose release date moved. One statement per kind of change,
   so each counts itself.
3. stale: after (2) every wanted case has exactly one open task of each kind it needs, so while
   the open tasks of a kind are no more than the wanted cases, none is stale. Only when they
   outnumber them (housing resolved with the task left open, a release date moved out of reach,
   a case out of custody, an earlier episode) does one more statement find and close them.

Levels come from `release_date <= :today+N` over bound dates; deadlines from `day_start`
(06:00 London). The task rows (status, escalation_level, due_at, anchor_date, updated_at) are
the record of what a sweep did: no per-row timeline events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
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
    cast,
    delete,
    exists,
    func,
    insert,
    literal,
    not_,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import CursorResult
from sqlalchemy.schema import CreateTable
from sqlalchemy.sql.elements import BindParameter
from sqlmodel import Session

from resettlement import clock
from resettlement.domain.housing_horizon import days_before_due
from resettlement.domain.vocabulary import CUSTODY_STAGES, TaskKind, TaskStatus
from resettlement.policy import Policy
from resettlement.services.cases import housing_resolved_clause
from resettlement.services.sweep_result import SweepResult
from resettlement.services.tasks import TASK_TEAM
from resettlement.storage import day_start as day_start_sql
from resettlement.storage.day_start import day_start
from resettlement.storage.tables import Case, Task
from resettlement.storage.types import UTCDateTime

CASES: Table = Case.__table__  # type: ignore[attr-defined]
TASKS: Table = Task.__table__  # type: ignore[attr-defined]
OPEN, CLOSED = TaskStatus.open.value, TaskStatus.closed.value

# What the sweep must write: one row per wanted task not yet in its wanted state. A temporary
# table of the connection, kept (empty) between sweeps: creating and dropping it each time
# would make SQLite prepare every statement again.
DIFF = Table(
    "housing_horizon_diff",
    MetaData(),
    Column("kind", String(40), nullable=False),
    Column("case_id", String(36), nullable=False),
    Column("dedupe_key", String(200), nullable=False),
    Column("team", String(20), nullable=False),
    Column("title", String(200), nullable=False),
    Column("level", Integer, nullable=False),
    Column("due_days_before", Integer, nullable=False),
    Column("release_date", Date, nullable=False),
    Column("task_id", Integer),  # the existing row of this key, if any
    prefixes=["TEMPORARY"],
    postgresql_on_commit="DELETE ROWS",
)


def _on(days: int) -> BindParameter[date]:
    """The date `days` after today, bound at execution (statements are built once)."""
    return bindparam(f"today_plus_{days}", type_=Date())


NOW = bindparam("now", type_=UTCDateTime())


@dataclass(frozen=True)
class _Plan:
    """How one horizon kind is wanted: within `reach` days, at `level`, due `due_before`."""

    kind: TaskKind
    reach: int
    title: str
    level: ColumnElement[Any]
    due_before: ColumnElement[Any]

    def key(self) -> ColumnElement[str]:
        """SQL twin of services.tasks.dedupe_key(kind, case_id, episode)."""
        return literal(f"{self.kind.value}:") + CASES.c.id + ":" + cast(CASES.c.episode, String)

    def wanted(self) -> ColumnElement[bool]:
        """Custody cases releasing within reach with housing unresolved."""
        custody = CASES.c.stage.in_(sorted(s.value for s in CUSTODY_STAGES))
        reach = CASES.c.release_date <= _on(self.reach)
        return and_(custody, reach, not_(housing_resolved_clause()))


def _by_threshold(horizon: Sequence[int], value_at: Any) -> ColumnElement[Any]:
    """CASE over bound dates: the value for the level whose threshold the release date is in."""
    whens = [
        (CASES.c.release_date <= _on(horizon[level - 1]), literal(value_at(level)))
        for level in range(len(horizon), 1, -1)
    ]
    return case(*whens, else_=literal(value_at(1))) if whens else literal(value_at(1))


def _plans(horizon: Sequence[int], rom_from_days: int) -> list[_Plan]:
    return [
        _Plan(
            TaskKind.housing_unresolved,
            horizon[0],
            "Housing unresolved before release",
            _by_threshold(horizon, lambda level: level),
            _by_threshold(horizon, lambda level: days_before_due(level, horizon)),
        ),
        _Plan(
            TaskKind.housing_unresolved_escalation,
            rom_from_days,
            f"Housing still unresolved with {rom_from_days} days or fewer to release",
            literal(1),
            literal(0),
        ),
    ]


def _diff(plan: _Plan) -> Any:
    """Wanted cases without their task open at the wanted level for the current release date.

    A first-episode case can only have first-episode tasks, so only later episodes pay for
    comparing the dedupe key (which SQLite would also answer from the unique key index,
    reading every task row, instead of from the covering index).
    """
    in_state = select(literal(1)).where(  # SELECT 1: SQLite then reads the index alone
        TASKS.c.kind == plan.kind.value,
        TASKS.c.status == OPEN,
        TASKS.c.anchor_date == CASES.c.release_date,
        TASKS.c.escalation_level == plan.level,
        TASKS.c.case_id == CASES.c.id,
        or_(CASES.c.episode == 1, TASKS.c.dedupe_key == plan.key()),
    )
    existing = select(TASKS.c.id).where(TASKS.c.dedupe_key == plan.key()).scalar_subquery()
    columns = (
        literal(plan.kind.value),
        CASES.c.id,
        plan.key(),
        literal(TASK_TEAM[plan.kind].value),
        literal(plan.title),
        plan.level,
        plan.due_before,
        CASES.c.release_date,
        existing,
    )
    return select(*columns).where(plan.wanted(), ~exists(in_state))


def _wanted_values() -> dict[str, Any]:
    return {
        "escalation_level": DIFF.c.level,
        "due_at": day_start(DIFF.c.release_date, DIFF.c.due_days_before),
        "anchor_date": DIFF.c.release_date,
        "updated_at": NOW,
    }


def _insert_new(dialect: str) -> Any:
    """New rows for wanted keys without one (a concurrent sweep's insert wins on the key)."""
    rows = select(
        DIFF.c.dedupe_key,
        DIFF.c.case_id,
        DIFF.c.kind,
        DIFF.c.team,
        DIFF.c.title,
        day_start(DIFF.c.release_date, DIFF.c.due_days_before),
        literal(OPEN),
        DIFF.c.level,
        DIFF.c.release_date,
        NOW,
        NOW,
    ).where(DIFF.c.task_id.is_(None))
    columns = ["dedupe_key", "case_id", "kind", "team", "title", "due_at", "status"]
    columns += ["escalation_level", "anchor_date", "created_at", "updated_at"]
    insert_ = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert_(TASKS).from_select(columns, rows)
    return statement.on_conflict_do_nothing(index_elements=["dedupe_key"])


def _close(where: ColumnElement[bool]) -> Any:
    return update(TASKS).where(where).values(status=CLOSED, closed_at=NOW, updated_at=NOW)


@dataclass(frozen=True)
class _Statements:
    """The sweep's statements, built once per policy and dialect (SQLAlchemy caches them)."""

    diff: Any
    insert_new: Any
    reopen: Any
    rise: Any
    replan: Any
    counts: Any
    close_stale: list[Any]


@lru_cache(maxsize=8)
def _statements(horizon: tuple[int, ...], rom_from_days: int, dialect: str) -> _Statements:
    plans = _plans(horizon, rom_from_days)
    diff = union_all(*(_diff(plan) for plan in plans))
    listed = update(TASKS).where(TASKS.c.id == DIFF.c.task_id)
    still_open = listed.where(TASKS.c.status == OPEN)
    moved = or_(
        TASKS.c.escalation_level > DIFF.c.level,
        TASKS.c.anchor_date.is_distinct_from(DIFF.c.release_date),
    )
    counts = []
    for plan in plans:
        open_ = and_(TASKS.c.kind == plan.kind.value, TASKS.c.status == OPEN)
        counts += [
            select(func.count()).select_from(CASES).where(plan.wanted()).scalar_subquery(),
            select(func.count()).select_from(TASKS).where(open_).scalar_subquery(),
        ]
    stale = [
        _close(
            and_(
                TASKS.c.kind == plan.kind.value,
                TASKS.c.status == OPEN,
                ~exists().where(
                    CASES.c.id == TASKS.c.case_id, plan.wanted(), TASKS.c.dedupe_key == plan.key()
                ),
            )
        )
        for plan in plans
    ]
    return _Statements(
        diff=insert(DIFF).from_select([c.name for c in DIFF.columns], diff),
        insert_new=_insert_new(dialect),
        reopen=listed.where(TASKS.c.status != OPEN).values(
            _wanted_values() | {"status": OPEN, "closed_at": None, "completed_by": None}
        ),
        rise=still_open.where(TASKS.c.escalation_level < DIFF.c.level).values(_wanted_values()),
        replan=still_open.where(moved).values(_wanted_values()),
        counts=select(*counts),
        close_stale=stale,
    )


def sweep_housing_horizon(session: Session, *, today: date, policy: Policy) -> SweepResult:
    """Bring every housing_unresolved(_escalation) task in line with the horizon rule today."""
    rules = policy.housing
    dialect = session.get_bind().dialect.name
    sql = _statements(tuple(rules.horizon_days), rules.rom_from_days, dialect)
    days = {*rules.horizon_days, rules.rom_from_days}
    params: dict[str, Any] = {f"today_plus_{n}": today + timedelta(days=n) for n in days}
    params["now"] = clock.now()

    def run(statement: Any) -> int:
        # An INSERT's row count is kept only on request (PostgreSQL reports -1 otherwise).
        result = session.execute(statement.execution_options(preserve_rowcount=True), params)
        assert isinstance(result, CursorResult)
        return int(result.rowcount)

    day_start_sql.enable(session)
    session.execute(CreateTable(DIFF, if_not_exists=True))
    session.execute(delete(DIFF))
    run(sql.diff)
    raised = run(sql.insert_new) + run(sql.reopen)
    escalated = run(sql.rise)
    changed = run(sql.replan)
    counts = session.execute(sql.counts, params).one()
    closed = sum(
        run(close)
        for index, close in enumerate(sql.close_stale)
        # No more open tasks than wanted cases: each is then a wanted case's own.
        if counts[2 * index + 1] > counts[2 * index]
    )
    session.execute(delete(DIFF))
    return SweepResult("housing_horizon", raised, escalated, closed, changed)
