"""The floor of intake: the rows an import wrote, written again by plain bulk inserts.

Every row the importer left in the database (cases, intake log, timeline, tasks, handovers,
tenancy checks, ...) is copied into a second, empty database with the same schema and indexes,
`batch` rows per commit, as the importer commits: no parsing, no checks, no domain logic. Only
the inserts and commits are timed (reading the source is not). Two ways of inserting a batch:

- `executemany`: one INSERT statement executed for the batch's parameter sets (SQLAlchemy's
  executemany without RETURNING). sqlite3 runs it as one prepared statement, the fastest way
  into SQLite; psycopg sends one row per statement (pipelined), which on PostgreSQL is not the
  fastest way and so could flatter intake's ratio there.
- `copy` (PostgreSQL only): `COPY ... FROM STDIN` per batch. (A multi-row `INSERT ... VALUES`
  of 1,000 rows was slower than executemany on both backends here: SQLAlchemy compiles each
  such statement afresh and psycopg handles its thousands of placeholders in Python.)

`ratio_to_floor` = intake seconds / floor seconds, both measured in one run. The case rows'
inserts are also timed by tenths of the table (`Floor.case_by_tenth`): the database's own
slowdown as the table grows, beside the import's.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from contextlib import ExitStack, closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Table,
    create_engine,
    func,
    insert,
    make_url,
    select,
    text,
)
from sqlmodel import SQLModel

# Loaded by `resettle init` (use_database) in both databases, not written by intake.
# Reference data, and the tables the case and task tables' triggers write as their rows are
# inserted, as the import wrote them: open_task_due (PostgreSQL only;
# storage/open_task_due.py) and horizon_pending (horizon/changes.py).
NOT_INTAKE = {"region", "prison", "area", "alembic_version", "open_task_due", "horizon_pending"}


def floor_engine(
    source: Engine, workdir: Path, suffix: str = "floor", *, copy: bool = False
) -> Engine:
    """An empty database beside the source, or (`copy`) a copy of it: a new SQLite file in
    `workdir` (the source's, its WAL checkpointed into it first), or `<name>_<suffix>` on
    PostgreSQL (dropped first if it exists; a copy by `CREATE DATABASE ... TEMPLATE`)."""
    if source.dialect.name == "sqlite":
        path = workdir / f"{suffix}.db"
        if copy:
            with closing(sqlite3.connect(str(source.url.database))) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            shutil.copyfile(str(source.url.database), path)
        return create_engine(f"sqlite:///{path}")
    url = make_url(str(source.url.render_as_string(hide_password=False)))
    name = f"{url.database}_{suffix}"
    template = f' TEMPLATE "{url.database}"' if copy else ""
    source.dispose()  # idle pooled connections to the source would block a template
    with source.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"{template}'))
    return create_engine(url.set(database=name))


def drop_floor(source: Engine, target: Engine) -> None:
    target.dispose()
    if source.dialect.name == "postgresql":
        with source.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{target.url.database}"'))


def prepare(target: Engine) -> None:
    """The same schema (migrations, indexes) and reference data as the source."""
    from resettlement.policy import get_reference
    from resettlement.storage.migrate import load_reference, upgrade_to_head

    upgrade_to_head(target)
    load_reference(target, get_reference())


@dataclass
class Floor:
    rows: int
    seconds: float
    # Rows a second over each tenth of the case table's rows, as they went in: how plain
    # inserts into the case table and its indexes slow as it grows, the yardstick for the
    # import's own tenths (bench/HISTORY.md, 2026-12-05 early).
    case_by_tenth: list[float] = field(default_factory=list)


def copy_rows(
    source: Engine, target: Engine, batch: int, copy: bool = False, *, initial_load: bool = False
) -> Floor:
    """Every intake row of the source inserted into the target, `batch` rows a commit, by
    executemany or (`copy`, PostgreSQL) by COPY; the cases in the order they were created
    (their ids are time-ordered; PostgreSQL's heap order is not, once a row is updated).
    `initial_load`: as a first load writes them, the case read indexes dropped before the
    cases and built after them (in the floor's seconds, not in the cases' tenths)."""
    from resettlement.storage import read_indexes

    floor = Floor(0, 0.0)
    tables = [t for t in SQLModel.metadata.sorted_tables if t.name not in NOT_INTAKE]
    with source.connect() as reader:
        for table in tables:
            query = select(table)
            tenths = None
            if table.name == "case":
                query, tenths = query.order_by(table.c.id), _Tenths(reader, table)
            aside = ExitStack()
            if tenths and initial_load:
                aside.enter_context(read_indexes.set_aside(target))
            result = reader.execution_options(stream_results=True, yield_per=batch).execute(query)
            for chunk in result.mappings().partitions(batch):
                values: list[dict[str, Any]] = [dict(r) for r in chunk]
                started = time.perf_counter()
                with target.begin() as writer:
                    if copy:
                        _copy(writer, table, values)
                    else:
                        writer.execute(insert(table), values)
                spent = time.perf_counter() - started
                floor.seconds += spent
                floor.rows += len(values)
                if tenths:
                    tenths.add(len(values), spent)
            started = time.perf_counter()
            aside.close()  # the read indexes built (a first load's floor), timed
            floor.seconds += time.perf_counter() - started
            if tenths:
                floor.case_by_tenth = tenths.rates
    return floor


class _Tenths:
    """Rows a second over each tenth of a table's rows: a batch counts in the tenth its last
    row falls in."""

    def __init__(self, reader: Connection, table: Table) -> None:
        self.count = reader.execute(select(func.count()).select_from(table)).scalar_one()
        self.rows, self.spent = [0] * 10, [0.0] * 10
        self.done = 0

    def add(self, rows: int, spent: float) -> None:
        self.done += rows
        tenth = min(9, (self.done - 1) * 10 // max(self.count, 1))
        self.rows[tenth] += rows
        self.spent[tenth] += spent

    @property
    def rates(self) -> list[float]:
        return [round(n / s, 1) for n, s in zip(self.rows, self.spent, strict=True) if s]


def _copy(writer: Any, table: Any, values: list[dict[str, Any]]) -> None:
    """COPY the rows into `table` (PostgreSQL), each value as its column type binds it."""
    dialect = writer.dialect
    columns = list(table.columns)
    process = [c.type._cached_bind_processor(dialect) for c in columns]
    names = ", ".join(f'"{c.name}"' for c in columns)
    cursor = writer.connection.driver_connection.cursor()
    with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in values:
            copy.write_row(
                [
                    p(row[c.name]) if p else row[c.name]
                    for c, p in zip(columns, process, strict=True)
                ]
            )
