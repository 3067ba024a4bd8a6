"""The housing horizon sweep: horizon/rules.py applied to the caseload in SQL.

Set-based, whatever the caseload's size; a row already in the wanted state is never written.
A day's sweep that follows on from the last run (within a week, same policy) reads only the
cases that can have changed since: those written since (marked by triggers) and those whose
release date crossed a threshold (horizon/changes.py); the first run, and any other, reads the
whole caseload (or the region's). Either way the steps are:

1. diff: one statement lists, into a temporary table, what is not in its wanted state. On
   SQLite, per band of release dates, the custody cases within reach whose housing is
   unresolved and whose task is not open at the wanted level for the current release date: it
   reads the cases from a covering index and probes each case's task in another covering
   index, so neither table's rows are read. On PostgreSQL, the wanted tasks (one pass over the
   cases) FULL JOINed by dedupe key to the open tasks (one pass): wanted without an open row,
   open at another level or release date, and open but no longer wanted.
2. apply: insert the missing tasks, or reopen the key's closed or done row (INSERT ... ON
   CONFLICT DO UPDATE WHERE not open: the unique dedupe key decides, never a prior SELECT);
   raise levels; re-plan rows whose level fell or whose release date moved. One statement per
   kind of change, so each counts itself.
3. stale: on PostgreSQL the diff listed them; one statement closes them (a day's sweep: one
   per kind reads the changed cases' open tasks). On SQLite, after (2)
   every wanted case has exactly one open task of each kind it needs, so while the open tasks
   of a kind are no more than the wanted cases, none is stale. Only when they outnumber them
   (housing resolved with the task left open, a release date moved out of reach, a case out of
   custody, an earlier episode) does one more statement find and close them.

Levels come from `release_date <= :today+N` over bound dates; deadlines from `day_start`
(06:00 London). The task rows (status, escalation_level, due_at, anchor_date, updated_at) are
the record of what a sweep did: no per-row timeline events.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import delete, text
from sqlalchemy.engine import CursorResult
from sqlalchemy.schema import CreateTable
from sqlmodel import Session

from resettlement import clock
from resettlement.horizon import changes
from resettlement.horizon.changes import CANDIDATES
from resettlement.horizon.sql import DIFF
from resettlement.horizon.statements import statements
from resettlement.policy import Policy
from resettlement.storage import day_start
from resettlement.sweeps import SweepResult

DIFF_WORK_MEM = "64MB"  # PostgreSQL: memory for the diff's hash, this transaction only


def sweep_housing_horizon(
    session: Session, *, today: date, policy: Policy, region: str | None = None
) -> SweepResult:
    """Bring every housing_unresolved(_escalation) task in line with the horizon rule today
    (the tasks of `region`'s cases only, when given)."""
    rules = policy.housing
    dialect = session.get_bind().dialect.name
    session.execute(CreateTable(CANDIDATES, if_not_exists=True))
    session.execute(delete(CANDIDATES))
    quiet = changes.begin_quiet(session)
    since = changes.last_day(session, rules, region, today)
    taken = changes.take_candidates(session, rules, region, since=since, today=today)
    incremental = since is not None and taken.total <= changes.MOST_CHANGED
    scope = "changed" if incremental else "region" if region else "all"
    sql = statements(tuple(rules.horizon_days), rules.rom_from_days, dialect, scope)
    days = {*rules.horizon_days, rules.rom_from_days}
    params: dict[str, Any] = {f"today_plus_{n}": today + timedelta(days=n) for n in days}
    params |= {"now": clock.now(), "region": region}

    def run(statement: Any) -> int:
        # An INSERT's row count is kept only on request (PostgreSQL reports -1 otherwise).
        result = session.execute(statement.execution_options(preserve_rowcount=True), params)
        assert isinstance(result, CursorResult)
        return int(result.rowcount)

    day_start.enable(session)
    if dialect == "postgresql":
        _postgresql_settings(session, incremental)
    session.execute(CreateTable(DIFF, if_not_exists=True))
    session.execute(delete(DIFF))
    run(sql.diff)
    raised = run(sql.insert_new)
    escalated = run(sql.rise)
    changed = run(sql.replan)
    if not sql.close_stale:  # PostgreSQL: the diff listed the open tasks no longer wanted
        closed = run(sql.close_listed)
    elif sql.counts is None:  # the changed cases: only a written one can have a stale task
        closed = sum(run(close) for close in sql.close_stale) if taken.marked else 0
    else:
        counts = session.execute(sql.counts, params).one()
        closed = sum(
            run(close)
            for index, close in enumerate(sql.close_stale)
            # No more open tasks than wanted cases: each is then a wanted case's own.
            if counts[2 * index + 1] > counts[2 * index]
        )
    changes.drop_taken_marks(session)
    changes.record_run(session, rules, region, today)
    changes.end_quiet(session, quiet)
    if dialect != "postgresql":  # which empties the tables at commit (ON COMMIT DELETE ROWS)
        session.execute(delete(DIFF))
        session.execute(delete(CANDIDATES))
    return SweepResult("housing_horizon", raised, escalated, closed, changed)


def _postgresql_settings(session: Session, incremental: bool) -> None:
    """This transaction's planner settings for the sweep's statements."""
    # Each statement runs in milliseconds: compiling it to machine code would cost more.
    session.execute(text("SET LOCAL jit = off"))
    if not incremental:
        # The diff hashes every open housing task; at 1M cases (about 250k open tasks) that
        # is about 50 MB, which the 4 MB default would spill to disk in batches.
        session.execute(text(f"SET LOCAL work_mem = '{DIFF_WORK_MEM}'"))
        return
    # A few thousand changed cases, each looked up by its id and its task by key: with hash
    # joins the planner would rather read every open task of a kind, or every case within
    # reach, and hash them. The candidates' statistics (a temporary table is never analysed
    # by autovacuum) tell it how few there are.
    session.execute(text("SET LOCAL enable_hashjoin = off"))
    session.execute(text("SET LOCAL enable_mergejoin = off"))
    session.execute(text(f"ANALYZE {CANDIDATES.name}"))
