"""The housing horizon sweep's writes and its statement set, built once per policy, dialect and
scope (horizon/sql.py: what is wanted and what differs). Each update takes the rows of the diff
it is for (by what the diff saw); the task row itself decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    union_all,
    update,
)

from resettlement.horizon.changes import CANDIDATES
from resettlement.horizon.sql import (
    CASES,
    CLOSED,
    DIFF,
    NOW,
    OPEN,
    TASKS,
    Plan,
    banded_diff,
    joined_diff,
    plans,
    probed_diff,
)
from resettlement.storage.cross_join import CrossJoin
from resettlement.storage.day_start import day_start
from resettlement.storage.task_scope import with_joined_scope
from resettlement.storage.upsert import insert_for


def _wanted_values() -> dict[str, Any]:
    return {
        "escalation_level": DIFF.c.level,
        "due_at": day_start(DIFF.c.release_date, DIFF.c.due_days_before),
        "anchor_date": DIFF.c.release_date,
        "updated_at": NOW,
    }


def _insert_new(dialect: str) -> Any:
    """Rows for wanted keys without an open one: new, or the key's closed or done row opened
    again (the unique key decides, never a prior SELECT; a concurrent sweep's open row wins)."""
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
    ).where(DIFF.c.open_level.is_(None), DIFF.c.level.is_not(None))
    columns = ["dedupe_key", "case_id", "kind", "team", "title", "due_at", "status"]
    columns += ["escalation_level", "anchor_date", "created_at", "updated_at"]
    columns, rows = with_joined_scope(columns, rows, DIFF.c.case_id)  # and its case's scope
    statement = insert_for(dialect, TASKS).from_select(columns, rows)
    again = {name: statement.excluded[name] for name in _wanted_values()}
    return statement.on_conflict_do_update(
        index_elements=["dedupe_key"],
        set_=again | {"status": OPEN, "closed_at": None, "completed_by": None},
        where=TASKS.c.status != OPEN,
    )


def _close(where: ColumnElement[bool]) -> Any:
    return update(TASKS).where(where).values(status=CLOSED, closed_at=NOW, updated_at=NOW)


def _stale(plan: Plan, *, changed: bool) -> Any:
    """Close the kind's open tasks no case wants; of the changed cases alone, read by their ids
    (SQLite would walk every open task of the kind and test each against the ids)."""
    rows = TASKS.alias("stale") if changed else TASKS
    unwanted = ~exists().where(
        CASES.c.id == rows.c.case_id, plan.wanted(), rows.c.dedupe_key == plan.key()
    )
    if not changed:
        return _close(and_(plan.tasks(), unwanted))
    # Only a written case can have a task it no longer wants: crossing a threshold only ever
    # adds a kind or raises a level.
    of_kind = and_(
        rows.c.kind == plan.kind.value, rows.c.status == OPEN, CANDIDATES.c.seq.is_not(None)
    )
    on = rows.c.case_id == CANDIDATES.c.case_id
    source = CrossJoin(CANDIDATES, rows, on, indexed_by="ix_task_case_kind")
    return _close(TASKS.c.id.in_(select(rows.c.id).select_from(source).where(of_kind, unwanted)))


@dataclass(frozen=True)
class Statements:
    """The sweep's statements, built once per policy and dialect (SQLAlchemy caches them)."""

    diff: Any
    insert_new: Any  # and reopen
    rise: Any
    replan: Any
    close_listed: Any  # the open tasks the diff listed as no longer wanted (PostgreSQL)
    counts: Any  # wanted cases and open tasks of each kind (SQLite; None: close_stale runs)
    close_stale: list[Any]  # each kind's open tasks no case wants (SQLite; [] on PostgreSQL)


@lru_cache(maxsize=8)
def statements(
    horizon: tuple[int, ...], rom_from_days: int, dialect: str, scope: str
) -> Statements:
    kinds = plans(horizon, rom_from_days, scope)
    if scope == "changed":
        diff = union_all(*(probed_diff(plan) for plan in kinds))
    elif dialect == "postgresql":
        diff = joined_diff(kinds)
    else:
        diff = union_all(*(banded_diff(plan, band) for plan in kinds for band in plan.bands))
    listed = update(TASKS).where(TASKS.c.id == DIFF.c.task_id)
    wanted = listed.where(DIFF.c.level.is_not(None))
    still_open = wanted.where(TASKS.c.status == OPEN)
    moved = or_(
        TASKS.c.escalation_level > DIFF.c.level,
        TASKS.c.anchor_date.is_distinct_from(DIFF.c.release_date),
    )
    counts = [
        select(func.count()).select_from(table).where(where).scalar_subquery()
        for plan in kinds
        for table, where in ((CASES, plan.wanted()), (TASKS, plan.tasks()))
    ]
    stale = [_stale(plan, changed=scope == "changed") for plan in kinds]
    return Statements(
        diff=insert(DIFF).from_select([c.name for c in DIFF.columns], diff),
        insert_new=_insert_new(dialect),
        rise=still_open.where(
            DIFF.c.open_level < DIFF.c.level, TASKS.c.escalation_level < DIFF.c.level
        ).values(_wanted_values()),
        replan=still_open.where(DIFF.c.open_level >= DIFF.c.level, moved).values(_wanted_values()),
        close_listed=_close(
            and_(TASKS.c.id == DIFF.c.task_id, DIFF.c.level.is_(None), TASKS.c.status == OPEN)
        ),
        counts=None if dialect == "postgresql" or scope == "changed" else select(*counts),
        close_stale=[] if dialect == "postgresql" and scope != "changed" else stale,
    )
