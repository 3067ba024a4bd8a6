"""Which cases a day's housing horizon sweep must look at: what changed since its last run.

A case's wanted housing tasks depend on its stage, release date, housing, episode and scope,
and on today only through the release date's distance: between two runs they change only
1. for the cases written since (case or housing task: the triggers of revision 0014 mark them
   in `horizon_pending`, whatever wrote them), and
2. for the custody cases with housing unresolved whose release date crossed a threshold of the
   horizon (84, 56, 28, 14, 7 or 2 days before release) between the last run's day and today:
   release dates in (last day + N, today + N] for each threshold N.
So a daily run reads those (at 1M cases about 11,400 threshold crossings a day and the day's
changes) instead of every case within reach: the candidates go into a temporary table and the
sweep's statements are restricted to them (horizon/sql.py, scope "changed").

The whole caseload is swept when there is no record of an earlier run for this scope, the
policy changed, the clock went back, or the last run is more than LONGEST_GAP days old.
Marks are dropped only once the sweep that read them has written (and only the version it
read: on PostgreSQL a case marked again meanwhile keeps its newer mark); the sweep's own writes
leave no mark (`horizon_sweeping`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    MetaData,
    String,
    Table,
    delete,
    exists,
    insert,
    not_,
    select,
    text,
    union_all,
)
from sqlalchemy.sql.visitors import replacement_traverse
from sqlmodel import Session, col

from resettlement import clock
from resettlement.cases.partition import in_region
from resettlement.housing.sql import housing_resolved_clause
from resettlement.policy import HousingPolicy
from resettlement.storage.sweep_tables import HorizonPending, HorizonSweeping, SweepRecord
from resettlement.storage.tables import Case
from resettlement.storage.upsert import insert_for
from resettlement.vocabulary import CUSTODY_STAGES

SWEEP = "housing_horizon"
QUIET_SETTING = "resettlement.horizon_quiet"  # PostgreSQL: revision 0014's triggers read it
LONGEST_GAP = 7  # days since the last run beyond which the whole caseload is swept
# Candidates beyond which one pass over the whole caseload is cheaper than looking each up (a
# day after a large import): at 1M cases the day's sweep looks at about 11,400.
MOST_CHANGED = 100_000

PENDING: Table = HorizonPending.__table__  # type: ignore[attr-defined]
CASES: Table = Case.__table__  # type: ignore[attr-defined]
# What the rule reads of a case, copied with it: the day's diff then reads no case row.
RULE_COLUMNS = ["stage", "release_date", "housing_ready_from", "episode"]
# The cases this run looks at, with the mark it read (NULL: a threshold crossing alone).
CANDIDATES = Table(
    "housing_horizon_cases",
    MetaData(),
    Column("case_id", String(36), primary_key=True),
    Column("seq", BigInteger),
    *(Column(name, CASES.c[name].type) for name in RULE_COLUMNS),  # NULL: no such case
    prefixes=["TEMPORARY"],
    postgresql_on_commit="DELETE ROWS",
)


def as_candidates(statement: Any) -> Any:
    """`statement` reading the candidates' copies where it read the case table's columns."""

    def swap(element: Any, **_: Any) -> Any:
        if isinstance(element, Column) and element.table is CASES:
            return CANDIDATES.c["case_id" if element.name == "id" else element.name]
        return None

    return replacement_traverse(statement, {}, swap)


def policy_key(rules: HousingPolicy) -> str:
    """The rule's parameters, as recorded with each run: another value means a full sweep."""
    return f"horizon={','.join(map(str, rules.horizon_days))};rom={rules.rom_from_days}"


def scope_of(region: str | None) -> str:
    return region or ""


def last_day(
    session: Session, rules: HousingPolicy, region: str | None, today: date
) -> date | None:
    """The day of the last run this run can follow on from, or None: sweep everything."""
    record = session.get(SweepRecord, (SWEEP, scope_of(region)))
    if record is None or record.policy != policy_key(rules):
        return None
    if record.last_day > today or (today - record.last_day).days > LONGEST_GAP:
        return None
    return record.last_day


def record_run(session: Session, rules: HousingPolicy, region: str | None, today: date) -> None:
    values = {"policy": policy_key(rules), "last_day": today, "swept_at": clock.now()}
    table = SweepRecord.__table__  # type: ignore[attr-defined]
    statement = insert_for(session, table).values(sweep=SWEEP, scope=scope_of(region), **values)
    session.execute(statement.on_conflict_do_update(index_elements=["sweep", "scope"], set_=values))


def begin_quiet(session: Session) -> int | None:
    """The sweep's own writes mark nothing. PostgreSQL: a setting of this transaction, which
    the triggers' WHEN reads; SQLite: a row only this transaction ever sees (any row a crashed
    run could have left committed is removed first)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text(f"SET LOCAL {QUIET_SETTING} = 'on'"))
        return None
    session.execute(delete(HorizonSweeping))
    row = HorizonSweeping()
    session.add(row)
    session.flush()
    return row.id


def end_quiet(session: Session, row_id: int | None) -> None:
    if row_id is None:
        session.execute(text(f"SET LOCAL {QUIET_SETTING} = 'off'"))
    else:
        session.execute(delete(HorizonSweeping).where(col(HorizonSweeping.id) == row_id))


def _crossed(days: Sequence[int], since: date, today: date, in_scope: list[Any]) -> Any:
    """Custody cases with housing unresolved whose release date came within `n` days of today
    since `since`: one range of the (stage, release date) index per threshold (an OR of them
    reads every row of each stage on SQLite). A resolved case has no open task to change: it
    was closed when the housing was found, a write that marked the case."""
    custody = CASES.c.stage.in_(sorted(s.value for s in CUSTODY_STAGES))
    return union_all(
        *(
            select(CASES.c.id, *(CASES.c[name] for name in RULE_COLUMNS)).where(
                custody,
                CASES.c.release_date > since + timedelta(days=n),
                CASES.c.release_date <= today + timedelta(days=n),
                not_(housing_resolved_clause()),
                *in_scope,
            )
            for n in sorted(set(days))
        )
    )


@dataclass(frozen=True)
class Taken:
    marked: int
    crossed: int

    @property
    def total(self) -> int:
        return self.marked + self.crossed


def take_candidates(
    session: Session,
    rules: HousingPolicy,
    region: str | None,
    *,
    since: date | None,
    today: date,
) -> Taken:
    """Fill CANDIDATES: the marked cases of this scope and, when following on from `since`, the
    custody cases that crossed a threshold (and not marked); how many of each. A full run
    (`since` None) takes the marks alone, to drop them after."""
    in_scope = [] if region is None else [in_region(region)]
    columns = ["case_id", "seq"]
    marked = select(PENDING.c.case_id, PENDING.c.seq)
    if since is not None:  # with the rule's columns (none: a deleted case's leftover tasks)
        columns += RULE_COLUMNS
        joined = PENDING.outerjoin(CASES, CASES.c.id == PENDING.c.case_id)
        marked = marked.add_columns(*(CASES.c[name] for name in RULE_COLUMNS)).select_from(joined)
    if in_scope:
        marked = marked.where(PENDING.c.case_id.in_(select(CASES.c.id).where(*in_scope)))
    taken = _count(session, insert(CANDIDATES).from_select(columns, marked))
    if since is None or since == today:
        return Taken(taken, 0)
    days = [*rules.horizon_days, rules.rom_from_days]
    crossing = _crossed(days, since, today, in_scope)
    statement = insert_for(session, CANDIDATES).from_select(["case_id", *RULE_COLUMNS], crossing)
    statement = statement.on_conflict_do_nothing(index_elements=["case_id"])
    return Taken(taken, _count(session, statement))


def _count(session: Session, statement: Any) -> int:
    """Rows the INSERT wrote (PostgreSQL keeps the count only on request)."""
    result = session.execute(statement.execution_options(preserve_rowcount=True))
    return int(result.rowcount)  # type: ignore[attr-defined]


def drop_taken_marks(session: Session) -> None:
    """Delete the marks this run read, unless marked again since (PostgreSQL: a newer seq)."""
    read = exists().where(
        CANDIDATES.c.case_id == PENDING.c.case_id, PENDING.c.seq <= CANDIDATES.c.seq
    )
    session.execute(delete(PENDING).where(read))
