"""Each task carries its case's scope: the prison, the destination area and their regions.

Who may see a task is decided by its case's scope (access/scope.py). PostgreSQL keeps no task
index in the work list's order (an escalation rewrites the deadline and must stay a HOT update:
storage/task_tables.py), so it reads a scope's tasks from indexes on these columns of the task
itself instead of joining every case of the scope (a ROM's 81,000 at 1M) to its tasks.

A task's scope columns equal its case's at every commit:
- every insert takes them from the case table: `scope_of` for rows written by executemany
  (tasks/store.py), `with_scope` for INSERT ... SELECT (tasks/store.py, the housing horizon
  sweep), each a look-up of the inserted rows' cases only;
- every ORM flush that changes a case's prison or destination area (a transfer, a new area
  from HACS, a readmission), or adds Task objects, rewrites those cases' tasks from the case
  table in one statement (`follow_cases`, below; storage/case_regions.py sets the case's
  regions earlier in the same flush). Writers that bypass the flush on a case's prison or area
  (the intake's `write_changed`) call `follow_cases` for the cases `scope_changed` names.
Revision 0013 backfilled older rows with `FROM_CASE`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Select, event, inspect, select, update
from sqlmodel import Session

from resettlement.storage.bulk_update import changed_since_load
from resettlement.storage.case_tables import Case
from resettlement.storage.task_tables import Task

SCOPE_COLUMNS = ("prison", "destination_area", "prison_region", "destination_region")
_CASE = Case.__table__  # type: ignore[attr-defined]
_TASK = Task.__table__  # type: ignore[attr-defined]
_CHUNK = 500  # ids a statement (well under every backend's bound-parameter limit)

# Every task's scope from its case, one correlated look-up a column (revision 0013's backfill).
FROM_CASE = {
    name: select(_CASE.c[name]).where(_CASE.c.id == _TASK.c.case_id).scalar_subquery()
    for name in SCOPE_COLUMNS
}


def scope_of(session: Session, case_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Case id -> its scope columns, read from the case table (what is flushed)."""
    ids = sorted(set(case_ids))
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), _CHUNK):
        rows = session.execute(
            select(_CASE.c.id, *(_CASE.c[name] for name in SCOPE_COLUMNS)).where(
                _CASE.c.id.in_(ids[start : start + _CHUNK])
            )
        )
        for case_id, *values in rows:
            found[case_id] = dict(zip(SCOPE_COLUMNS, values, strict=True))
    return found


def with_scope(columns: Sequence[str], source: Select[Any]) -> tuple[list[str], Select[Any]]:
    """An INSERT ... SELECT's columns and rows with the scope of each row's case added: a
    look-up of the case by its id a column (the rows' own columns stay as they are, so that
    their NULLs and literals keep the types the INSERT gives them)."""
    case_id = list(source.selected_columns)[list(columns).index("case_id")]
    case = _CASE.alias("scope_case")
    looked_up = [
        select(case.c[name]).where(case.c.id == case_id).correlate_except(case).scalar_subquery()
        for name in SCOPE_COLUMNS
    ]
    return [*columns, *SCOPE_COLUMNS], source.add_columns(*looked_up)


def with_joined_scope(
    columns: Sequence[str], source: Select[Any], case_id: Any
) -> tuple[list[str], Select[Any]]:
    """As `with_scope`, by one join of the case to the FROM that holds `case_id` (a column of
    a table of `source`): one look-up a row where `with_scope` makes one a column."""
    case = _CASE.alias("scope_case")
    joined = source.outerjoin_from(case_id.table, case, case.c.id == case_id)
    return [*columns, *SCOPE_COLUMNS], joined.add_columns(*(case.c[n] for n in SCOPE_COLUMNS))


def follow_cases(session: Session, case_ids: Iterable[str]) -> None:
    """Rewrite the scope of these cases' tasks from the case table (set-based)."""
    ids = sorted(set(case_ids))
    for start in range(0, len(ids), _CHUNK):
        session.execute(
            update(_TASK).where(_TASK.c.case_id.in_(ids[start : start + _CHUNK])).values(FROM_CASE)
        )


def scope_changed(case: Case) -> bool:
    """A written case whose prison, destination area or their regions changed since it was
    loaded (a new case has no task rows yet; a Task object beside it is the listener's)."""
    state = inspect(case)
    return not (state.transient or state.pending) and changed_since_load(case, SCOPE_COLUMNS)


@event.listens_for(Session, "after_flush")
def _follow(session: Session, _context: Any) -> None:
    ids = {
        obj.id
        for obj in (*session.new, *session.dirty)
        if isinstance(obj, Case) and scope_changed(obj)
    }
    ids |= {obj.case_id for obj in session.new if isinstance(obj, Task)}
    if ids:
        follow_cases(session, ids)
