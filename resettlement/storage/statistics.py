"""Planner statistics kept up with a bulk load (PostgreSQL).

PostgreSQL plans a statement from each table's statistics, which ANALYZE takes and autovacuum
renews only once a table has changed by a tenth, a minute or more later, and never where it
is off. A table that has not been analysed since it was small is planned as if any value of a
column matched 0.5% of its rows: the intake's `case_id IN (...)` and `prison_number IN (...)`
of a batch then read as half the table and were run as sequential scans, each batch slower
than the last (a 50k-event import into an empty database: the tasks' scope rewrite went from
0.13 to 1.88 s per 10,000 events). As PostgreSQL's guide advises for populating a database,
the importer analyses the tables it grew, each time one has changed by as many rows as it held
when it was last analysed (so about twelve times per table over a million events), on its own
connection between batches (ANALYZE blocks no reader or writer). SQLite plans from its indexes
without statistics, so this does nothing there.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Engine, text

FIRST = 1_000  # rows changed before a table never analysed is analysed


def analyse_grown(engine: Engine, tables: Iterable[str]) -> list[str]:
    """ANALYZE each of these tables that has changed by at least as many rows as it held when
    last analysed (and by `FIRST` rows at least); returns the tables analysed."""
    if engine.dialect.name != "postgresql":
        return []
    names = sorted(set(tables))
    due = text(
        "SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid "
        "WHERE s.relname = ANY(:names) "
        "AND s.n_mod_since_analyze >= GREATEST(:first, c.reltuples)"
    )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        grown = list(conn.execute(due, {"names": names, "first": FIRST}).scalars())
        for name in grown:
            conn.execute(text(f'ANALYZE "{name}"'))  # a name from the catalogue, quoted
    return grown
