"""Each case's prison region and destination region, kept right on every ORM write.

A case's `prison_region` is the region of its prison and its `destination_region` the region of
its destination area (None without one). Any flush that adds a case or changes its prison or
destination area sets them from the reference tables, so no write path (intake, transfer,
recall, HACS assessment, tests' builders) can forget them. Bulk writers that bypass the ORM
(the benchmarks' generators) set them themselves; revision 0009 backfilled older rows with
`FROM_REFERENCE`, set-based. A prison or area moving region (a reference load,
storage/migrate.py) moves its cases with it (`follow_moved`), and their tasks' copy of the scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, inspect, or_, select, update
from sqlmodel import Session, col

from resettlement.storage.bulk_update import changed_since_load
from resettlement.storage.case_tables import Case
from resettlement.storage.reference_tables import Area, Prison
from resettlement.storage.task_scope import FROM_CASE
from resettlement.storage.task_tables import Task

_CASES = Case.__table__  # type: ignore[attr-defined]
_TASKS = Task.__table__  # type: ignore[attr-defined]
# Each region column of a case from the reference tables (revision 0009's backfill, as SQL).
FROM_REFERENCE = {
    "prison_region": select(col(Prison.region))
    .where(col(Prison.code) == _CASES.c.prison)
    .scalar_subquery(),
    "destination_region": select(col(Area.region))
    .where(col(Area.code) == _CASES.c.destination_area)
    .scalar_subquery(),
}

_CACHE = "resettlement.region_of"
_PLACED_BY = ("prison", "destination_area")  # the columns a case's regions follow


def follow_moved(session: Session, *, prisons: set[str], areas: set[str]) -> None:
    """After prisons or CJIT areas moved to another region (a reference load): their cases'
    region columns from the reference tables, then those cases' tasks' scope (set-based)."""
    if not prisons and not areas:
        return
    for codes, column, region in (
        (prisons, _CASES.c.prison, "prison_region"),
        (areas, _CASES.c.destination_area, "destination_region"),
    ):
        if codes:
            moved = update(_CASES).where(column.in_(codes))
            session.execute(moved.values({region: FROM_REFERENCE[region]}))
    of_moved = or_(_TASKS.c.prison.in_(prisons), _TASKS.c.destination_area.in_(areas))
    session.execute(update(_TASKS).where(of_moved).values(FROM_CASE))
    session.info.pop(_CACHE, None)


def _regions(session: Session, refresh: bool = False) -> dict[tuple[str, str], str]:
    """(kind, code) -> region, read once per session (and again for a code it lacks)."""
    cached: dict[tuple[str, str], str] | None = session.info.get(_CACHE)
    if cached is None or refresh:
        with session.no_autoflush:
            prisons = session.execute(select(col(Prison.code), col(Prison.region))).all()
            areas = session.execute(select(col(Area.code), col(Area.region))).all()
        cached = {("prison", c): r for c, r in prisons} | {("area", c): r for c, r in areas}
        session.info[_CACHE] = cached
    return cached


def _changed(case: Case) -> bool:
    state = inspect(case)
    return state.transient or state.pending or changed_since_load(case, _PLACED_BY)


def place(session: Session, case: Case) -> None:
    """Set the case's region columns from its prison and destination area."""
    regions = _regions(session)
    wanted = [("prison", case.prison)]
    if case.destination_area is not None:
        wanted.append(("area", case.destination_area))
    if any(key not in regions for key in wanted):
        regions = _regions(session, refresh=True)
    prison_region = regions.get(("prison", case.prison))
    area = case.destination_area
    destination_region = None if area is None else regions.get(("area", area))
    if case.prison_region != prison_region:
        case.prison_region = prison_region
    if case.destination_region != destination_region:
        case.destination_region = destination_region


def place_changed(session: Session, objects: Iterable[object]) -> None:
    """`place` each case among `objects` that is new or whose prison or area changed (what
    every flush does; a writer that bypasses the flush, storage/bulk_update.py, calls it)."""
    for obj in objects:
        if isinstance(obj, Case) and _changed(obj):
            place(session, obj)


@event.listens_for(Session, "before_flush")
def _place_cases(session: Session, _context: Any, _instances: Any) -> None:
    place_changed(session, (*session.new, *session.dirty))
