"""Inserting many new rows of one table at once: COPY on PostgreSQL, the driver's executemany
on SQLite, each value bound first as its column type binds it (UTC instants, JSON as text).

- PostgreSQL: psycopg sends an executemany as one pipelined statement a row; COPY streams the
  rows in one command (the bench's floor: about twice as fast). COPY knows no conflicts, so
  rows that must skip a unique key already there go by COPY into a temporary table and then
  by one INSERT ... SELECT ... ON CONFLICT DO NOTHING.
- SQLite: sqlite3's executemany is one prepared statement run for each row; SQLAlchemy's own
  executemany built and processed a parameter dict per row, a fifth of an intake batch's time.

A driver's error (a unique or foreign-key violation, a lock) is raised as SQLAlchemy raises it,
as the INSERT would (the importer then replays its batch event by event). Rows must all have
the same keys and hold every column with a Python-side default, else SQLAlchemy's executemany
writes them; the table's other columns take their server defaults.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from resettlement.storage.upsert import insert_for


def insert_rows(
    session: Session, table: Table, rows: list[dict[str, Any]], *, skip_conflicts_on: str = ""
) -> int:
    """INSERT the rows (dicts with the same keys) into `table`, in this session's transaction;
    with `skip_conflicts_on` (a unique column) a row whose value is there already is left out
    (ON CONFLICT DO NOTHING). Returns the rows inserted."""
    if not rows:
        return 0
    connection = session.connection()
    keys = rows[0].keys()
    if any(row.keys() != keys for row in rows) or any(
        # a column left out whose default SQLAlchemy computes (the driver knows none)
        c.default is not None and c.name not in keys
        for c in table.columns
    ):
        statement = insert_for(session, table).execution_options(preserve_rowcount=True)
        if skip_conflicts_on:
            statement = statement.on_conflict_do_nothing(index_elements=[skip_conflicts_on])
        return int(connection.execute(statement, rows).rowcount)
    if connection.dialect.name == "sqlite":
        return _sqlite_executemany(connection, table, rows, skip_conflicts_on)
    if skip_conflicts_on:
        return _copy_skipping_conflicts(connection, table, rows, skip_conflicts_on)
    _copy(connection, table, rows)
    return len(rows)


def _bound(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> Iterator[list[Any]]:
    """Each row's values in its keys' order, as their column types bind them."""
    dialect = connection.dialect
    binds = [(name, table.c[name].type._cached_bind_processor(dialect)) for name in rows[0]]
    for row in rows:
        yield [bind(row[name]) if bind else row[name] for name, bind in binds]


def _sqlite_executemany(
    connection: Connection, table: Table, rows: list[dict[str, Any]], skip_conflicts_on: str
) -> int:
    quote = connection.dialect.identifier_preparer.quote
    names = ", ".join(quote(name) for name in rows[0])
    marks = ", ".join("?" * len(rows[0]))
    command = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({marks})"
    if skip_conflicts_on:
        command += f" ON CONFLICT ({quote(skip_conflicts_on)}) DO NOTHING"
    with _driver_cursor(connection, command) as cursor:
        cursor.executemany(command, _bound(connection, table, rows))
        return int(cursor.rowcount)


def _copy(connection: Connection, table: Table, rows: list[dict[str, Any]], into: str = "") -> None:
    """COPY the rows into `table` (or the table named `into`, with its columns)."""
    names = ", ".join(f'"{name}"' for name in rows[0])
    command = f'COPY "{into or table.name}" ({names}) FROM STDIN'
    with _driver_cursor(connection, command) as cursor, cursor.copy(command) as copy:
        for values in _bound(connection, table, rows):
            copy.write_row(values)


def _copy_skipping_conflicts(
    connection: Connection, table: Table, rows: list[dict[str, Any]], key: str
) -> int:
    """COPY knows no conflicts: the rows are copied into a temporary table of the connection
    (`incoming_<table>`, its columns without their constraints, emptied at every commit), then
    moved into the table by one INSERT ... SELECT ... ON CONFLICT DO NOTHING. (An executemany
    sends a statement a row, ~0.1 ms each, and fires the table's statement triggers for each.)"""
    staging = f"incoming_{table.name}"
    names = ", ".join(f'"{name}"' for name in rows[0])
    make = (
        f'CREATE TEMPORARY TABLE IF NOT EXISTS "{staging}" ON COMMIT DELETE ROWS '
        f'AS SELECT * FROM "{table.name}" WITH NO DATA'
    )
    move = (
        f'WITH moved AS (DELETE FROM "{staging}" RETURNING {names}) '
        f'INSERT INTO "{table.name}" ({names}) SELECT {names} FROM moved '
        f'ON CONFLICT ("{key}") DO NOTHING'
    )
    with _driver_cursor(connection, make) as cursor:
        cursor.execute(make)
    _copy(connection, table, rows, into=staging)
    with _driver_cursor(connection, move) as cursor:
        cursor.execute(move)
        return int(cursor.rowcount)


@contextmanager
def _driver_cursor(connection: Connection, command: str) -> Iterator[Any]:
    """A cursor of the driver's own connection (in this transaction), closed after; a driver's
    error raised as SQLAlchemy raises it (IntegrityError, OperationalError, ...): the importer
    replays a batch that hit one event by event."""
    dbapi = connection.dialect.loaded_dbapi
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        yield cursor
    except dbapi.Error as exc:
        raise DBAPIError.instance(command, None, exc, dbapi.Error) from exc
    finally:
        cursor.close()
