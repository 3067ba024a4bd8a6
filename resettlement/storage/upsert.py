"""The one dialect-aware INSERT: PostgreSQL's and SQLite's both take ON CONFLICT clauses.

Set-based writers insert rows whose unique key decides whether they are new (a task's dedupe
key, a plan's (case, episode, version)): `insert_for(session, table)` is the INSERT construct of
the session's backend, on which `.on_conflict_do_nothing(...)` / `.on_conflict_do_update(...)`
are available.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session


def insert_for(session: Session | str, table: Table | Any) -> Any:
    """INSERT INTO `table` for the session's backend (or a dialect name): ON CONFLICT ready."""
    dialect = session if isinstance(session, str) else session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(table)
