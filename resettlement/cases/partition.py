"""Which region sweeps a case: its prison's region in custody, its destination's after release.

The one partition rule of the daily run's fan-out (one region sweep per region). It is
disjoint and complete: in a custody stage a case belongs to the region of its prison; in any
other stage to the region of its destination area, or of its prison when it has none. Every
case has a prison, and a prison and an area each have exactly one region, so every case is in
exactly one region's sweep. (This is not the ROM's view, where a case shows in the region of
its prison AND of its destination: that is who may see a case, this is who sweeps it.)

`region_lock` keeps a region's sweep from running twice at once: on PostgreSQL a session-level
advisory lock named after the region, held on its own connection for the whole region sweep;
on SQLite the database's single writer already serialises sweeps. If two ran at once anyway,
the tasks' unique dedupe keys would still stop a task being raised twice.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, not_, or_, select, text, true
from sqlmodel import col

from resettlement.storage.tables import Area, Case, Prison
from resettlement.vocabulary import CUSTODY_STAGES

# The advisory lock's namespace (the first of PostgreSQL's two int4 keys): "region sweep".
LOCK_NAMESPACE = 0x5245_5357
# How long a region sweep waits for another sweep of the same region to finish, and how often
# it asks. A region sweep takes seconds; waiting this long means the other one is stuck.
LOCK_WAIT_S = 1800.0
LOCK_POLL_S = 0.5


class RegionBusy(Exception):
    """Another sweep of the region held its lock for longer than the wait allows."""


def in_region(region: str | ColumnElement[Any]) -> ColumnElement[bool]:
    """SQL: the case's partition region is `region` (a code or a bound parameter)."""
    prisons = select(col(Prison.code)).where(col(Prison.region) == region)
    areas = select(col(Area.code)).where(col(Area.region) == region)
    custody = col(Case.stage).in_(sorted(s.value for s in CUSTODY_STAGES))
    by_prison = col(Case.prison).in_(prisons)
    by_destination = or_(
        col(Case.destination_area).in_(areas),
        and_(col(Case.destination_area).is_(None), by_prison),
    )
    return or_(and_(custody, by_prison), and_(not_(custody), by_destination))


def region_clause(region: str | None) -> ColumnElement[bool]:
    """The cases a sweep restricted to `region` covers: all of them when `region` is None."""
    return true() if region is None else in_region(region)


def lock_key(region: str) -> int:
    """A stable signed int4 naming the region within LOCK_NAMESPACE."""
    value = zlib.crc32(region.encode())
    return value - (1 << 32) if value >= 1 << 31 else value


@contextmanager
def region_lock(
    engine: Engine, region: str, *, wait_s: float = LOCK_WAIT_S, poll_s: float = LOCK_POLL_S
) -> Iterator[None]:
    """Hold the region's sweep lock for the block; RegionBusy if not had within `wait_s`."""
    if engine.dialect.name != "postgresql":
        yield  # SQLite: one writer at a time already
        return
    key = {"ns": LOCK_NAMESPACE, "key": lock_key(region)}
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        deadline = time.monotonic() + wait_s
        while not conn.execute(text("SELECT pg_try_advisory_lock(:ns, :key)"), key).scalar():
            if time.monotonic() >= deadline:
                raise RegionBusy(f"region {region}: another sweep held the lock for {wait_s:.0f}s")
            time.sleep(poll_s)
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:ns, :key)"), key)
