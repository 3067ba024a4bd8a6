"""Writing changed ORM objects of one table in a few executemany UPDATEs (the intake's batch).

The ORM's flush batches the UPDATEs of consecutive objects (in primary-key order) that changed
the same columns, and sends one UPDATE per object otherwise (always on SQLite, whose driver
gives no rowcount for an executemany): a batch of cases changed in a handful of ways (a release
date here, a prison there) took a statement per case. `write_changed`
groups the objects by the columns they changed and sends one executemany per group; each value
is then the committed one, so the session's next flush finds nothing left to write for them.
Only the changed columns are written, as the ORM would; a model with a version column or
`onupdate` defaults is not for this (the flush would set them). `changed_since_load` tells
whether some columns of an object changed (what the case regions and the tasks' case scope
follow, storage/case_regions.py and storage/task_scope.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, inspect, update
from sqlalchemy.orm.attributes import PASSIVE_NO_INITIALIZE, get_history, set_committed_value
from sqlmodel import Session, SQLModel

_KEY = "pk_"  # the primary key's bind name; a column's is "v_" + its name (no column's own)


def write_changed(session: Session, objects: Iterable[SQLModel]) -> int:
    """UPDATE the changed columns of these persistent objects (all of one single-key table);
    returns how many objects had changes."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    changed_objects: list[tuple[SQLModel, dict[str, Any]]] = []
    table = None
    for obj in objects:
        state = inspect(obj)
        if not state.persistent or not state.committed_state:
            continue
        changed: dict[str, Any] = {}
        for key in list(state.committed_state):
            history = get_history(obj, key)
            if history.has_changes():
                changed[key] = history.added[0] if history.added else None
        if not changed:
            continue
        table = state.mapper.local_table
        (pk,) = state.mapper.primary_key
        row = {f"v_{key}": value for key, value in changed.items()}
        groups[tuple(sorted(changed))].append({_KEY: getattr(obj, pk.key)} | row)
        changed_objects.append((obj, changed))
    if table is None:
        return 0
    (pk_column,) = table.primary_key.columns
    for keys, rows in groups.items():
        statement = (
            update(table)
            .where(pk_column == bindparam(_KEY))
            .values({table.c[key]: bindparam(f"v_{key}") for key in keys})
        )
        # On the connection: `session.execute` would take it for an ORM bulk UPDATE by primary
        # key, which on SQLite (no rowcount for an executemany) sends a statement per row.
        session.connection().execute(statement, rows)
    for obj, changed in changed_objects:
        for key, value in changed.items():
            set_committed_value(obj, key, value)
    return len(changed_objects)


def changed_since_load(obj: SQLModel, keys: Iterable[str]) -> bool:
    """Whether any of these columns of a loaded object was set to another value since its load
    (read from the committed state without building an attribute state per column)."""
    state = inspect(obj)
    return any(
        key in state.committed_state  # set since the load, and to another value
        and get_history(obj, key, PASSIVE_NO_INITIALIZE).has_changes()
        for key in keys
    )
