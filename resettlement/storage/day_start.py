"""`day_start(day, days_before)`: the SQL twin of `clock.start_of_day(day - days_before)`.

Set-based sweeps compute a deadline per row inside the database. The instant is 06:00 London
time as UTC, so it needs the time-zone rules: PostgreSQL has them (`AT TIME ZONE`); on SQLite
the function is a deterministic Python function registered on the connection, which calls
`clock.start_of_day` itself — one definition of the day start, no copy of the DST rules.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, cast
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlmodel import Session

from resettlement import clock
from resettlement.storage.types import UTCDateTime

SQLITE_FUNCTION = "resettle_day_start"
_LOCAL_START = clock.start_of_day(date(2001, 1, 1)).astimezone(clock.LONDON).time()


class day_start(FunctionElement[Any]):
    """06:00 London, as a UTC instant, on the date `days_before` days before `day`."""

    type = UTCDateTime()
    inherit_cache = True
    name = "day_start"

    def __init__(self, day: Any, days_before: Any) -> None:
        super().__init__(day, cast(days_before, Integer))


@compiles(day_start, "postgresql")
def _postgresql(element: day_start, compiler: SQLCompiler, **kw: Any) -> str:
    day, days_before = (compiler.process(arg, **kw) for arg in element.clauses)
    local = _LOCAL_START.strftime("%H:%M:%S")
    return f"((({day}) - ({days_before})) + TIME '{local}') AT TIME ZONE '{clock.LONDON.key}'"


@compiles(day_start, "sqlite")
def _sqlite(element: day_start, compiler: SQLCompiler, **kw: Any) -> str:
    return f"{SQLITE_FUNCTION}({compiler.process(element.clauses, **kw)})"


@lru_cache(maxsize=4096)
def _sqlite_day_start(day: str | None, days_before: int | None) -> str | None:
    """As SQLAlchemy stores a UTC instant on SQLite: 'YYYY-MM-DD HH:MM:SS.ffffff'."""
    if day is None or days_before is None:
        return None
    instant = clock.start_of_day(date.fromisoformat(day) - timedelta(days=days_before))
    return instant.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def enable(session: Session) -> None:
    """Make `day_start` callable on this session's connection (a no-op on PostgreSQL)."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        raw = connection.connection.driver_connection
        raw.create_function(SQLITE_FUNCTION, 2, _sqlite_day_start, deterministic=True)  # type: ignore[union-attr]
