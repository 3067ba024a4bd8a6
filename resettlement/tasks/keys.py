"""SQL twins of the task helpers, for set-based sweeps that raise tasks with INSERT ... SELECT."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, String, cast, literal
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from resettlement.storage.tables import Task
from resettlement.vocabulary import TaskKind


def sql_dedupe_key(kind: TaskKind, case_id: Any, episode: Any, *parts: Any) -> ColumnElement[str]:
    """The SQL expression equal to `tasks.dedupe_key(kind, case_id, episode, *parts)` per row."""
    key: ColumnElement[str] = literal(f"{kind.value}:", String) + case_id
    for part in (episode, *parts):
        key = key + literal(":", String) + cast(part, String)
    return key


def insert_from_select(session: Session, columns: list[str], source: Any) -> int:
    """INSERT INTO task (columns) SELECT ...; a row whose dedupe key exists is skipped."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(Task.__table__)  # type: ignore[attr-defined]
        .from_select(columns, source)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        # SQLAlchemy 2.1 keeps an INSERT's rowcount only when asked (psycopg reports -1).
        .execution_options(preserve_rowcount=True)
    )
    return int(session.execute(statement).rowcount or 0)  # type: ignore[attr-defined]
