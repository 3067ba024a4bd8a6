"""Indexes that exist on one backend only (declared with `.ddl_if(dialect=...)` on the table),
tables (declared with `info={"backend": ...}`: storage/open_task_due.py), and a column and
index PostgreSQL alone holds, declared nowhere (`ON_POSTGRESQL_ONLY`, the same module).

Autogenerate cannot write a migration step that runs on one backend only, so it leaves these
out of the initial schema (`for_autogenerate`), and revision 0002 creates them by hand on
their backend. `for_backend` is the filter under which a database of that backend must match
the tables exactly (tests/test_storage.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Index, Table

from resettlement.storage.open_task_due import ON_POSTGRESQL_ONLY


def _backend_of(item: Any) -> str | None:
    if isinstance(item, Table):
        return item.info.get("backend")
    ddl_if = getattr(item, "_ddl_if", None) if isinstance(item, Index) else None
    return None if ddl_if is None else str(ddl_if.dialect)


def on_backend(table: Table, dialect: str) -> bool:
    """Whether a database of `dialect` holds this table."""
    return _backend_of(table) in (None, dialect)


def for_autogenerate(item: Any, name: str | None, type_: str, reflected: bool, other: Any) -> bool:
    """Alembic include_object: every declared object but the backend-specific ones."""
    return reflected or _backend_of(item) is None


def for_backend(dialect: str) -> Any:
    """Alembic include_object: what a database of `dialect` holds (its own indexes and tables
    only)."""

    def include(item: Any, name: str | None, type_: str, reflected: bool, other: Any) -> bool:
        if reflected and other is None and dialect == "postgresql":
            return name not in ON_POSTGRESQL_ONLY  # expected there, declared nowhere
        return reflected or _backend_of(item) in (None, dialect)

    return include
