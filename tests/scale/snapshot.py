"""What a daily run leaves behind, comparable across databases: the task rows, as a set."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select

from resettlement.storage.tables import Task

TASKS: Any = Task.__table__  # type: ignore[attr-defined]


def _utc(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC) if value is not None else None


def task_snapshot(engine: Engine) -> set[tuple[Any, ...]]:
    """(dedupe key, kind, case, team, level, status, due_at) of every task row."""
    columns = [TASKS.c[name] for name in ("dedupe_key", "kind", "case_id", "team")]
    columns += [TASKS.c.escalation_level, TASKS.c.status, TASKS.c.due_at]
    with engine.connect() as conn:
        rows = conn.execute(select(*columns)).all()
    return {(*row[:6], _utc(row[6])) for row in rows}
