"""The dedupe key of a task, built in one place: `kind:case:episode[:part...]`.

A task's key is unique in the table, so raising the same work twice (another run of a flow,
another worker) inserts nothing. `dedupe_key` builds it in Python; `sql_dedupe_key` is its SQL
twin for set-based sweeps that raise tasks with INSERT ... SELECT (tests hold them equal).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, String, cast, exists, literal
from sqlmodel import col

from resettlement.storage.tables import Task
from resettlement.vocabulary import TaskKind


def dedupe_key(kind: TaskKind, case_id: str, episode: int, *parts: object) -> str:
    return ":".join([kind.value, case_id, str(episode), *(str(p) for p in parts)])


def sql_dedupe_key(kind: TaskKind, case_id: Any, episode: Any, *parts: Any) -> ColumnElement[str]:
    """The SQL expression equal to `dedupe_key(kind, case_id, episode, *parts)` per row."""
    key: ColumnElement[str] = literal(f"{kind.value}:", String) + case_id
    for part in (episode, *parts):
        key = key + literal(":", String) + cast(part, String)
    return key


def sql_task_raised(kind: TaskKind, case_id: Any, episode: Any, *parts: Any) -> ColumnElement[bool]:
    """SQL: the task `dedupe_key(kind, case_id, episode, *parts)` of this row exists (in any
    status): what a set-based sweep checks before raising it."""
    return exists().where(
        col(Task.case_id) == case_id,
        col(Task.kind) == kind.value,
        col(Task.dedupe_key) == sql_dedupe_key(kind, case_id, episode, *parts),
    )
