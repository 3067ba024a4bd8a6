"""Inserting many new rows of one table at once: COPY on PostgreSQL, executemany on SQLite.

psycopg sends an executemany as one pipelined statement per row, each row's parameters
adapted in Python; COPY streams the rows in one command (the bench's floor: about twice as fast
for the same rows). Each value is first bound as its column type binds it (UTC instants, JSON
as text), as an INSERT would. A unique or foreign-key violation is raised as SQLAlchemy's
IntegrityError, as the INSERT would raise it (the importer then replays its batch event by
event). Rows must all have the same keys, and hold every column with a Python-side default
(else executemany); the table's other columns take their server defaults.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """INSERT the rows (dicts with the same keys) into `table`, in this session's transaction."""
    if not rows:
        return
    connection = session.connection()
    keys = rows[0].keys()
    if (
        connection.dialect.name != "postgresql"
        or any(row.keys() != keys for row in rows)
        # a column left out whose default SQLAlchemy computes (COPY takes the server's only)
        or any(c.default is not None and c.name not in keys for c in table.columns)
    ):
        connection.execute(insert(table), rows)
        return
    import psycopg  # only with PostgreSQL

    dialect = connection.dialect
    columns = [table.c[name] for name in rows[0]]
    binds = [(c.name, c.type._cached_bind_processor(dialect)) for c in columns]
    names = ", ".join(f'"{c.name}"' for c in columns)
    command = f'COPY "{table.name}" ({names}) FROM STDIN'
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor.copy(command) as copy:
            for row in rows:
                copy.write_row([bind(row[name]) if bind else row[name] for name, bind in binds])
    except psycopg.errors.IntegrityError as exc:
        raise IntegrityError(command, None, exc) from exc
