"""The engine and sessions. SQLite runs in WAL mode with a busy timeout: CLI and server share it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, event
from sqlmodel import Session, create_engine

from resettlement.settings import get_settings

SQLITE_BUSY_TIMEOUT_MS = 30_000


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            # Let SQLAlchemy issue BEGIN so that writers take the lock at once (IMMEDIATE below).
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB: sweeps and scans stay in memory
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            # A writer takes the lock at BEGIN (IMMEDIATE), waiting up to the busy timeout,
            # rather than failing when a read turns into a write mid-transaction.
            write = conn.get_execution_options().get("sqlite_write", True)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


@lru_cache(maxsize=4)
def _engine_for(url: str) -> Engine:
    return make_engine(url)


def get_engine() -> Engine:
    return _engine_for(get_settings().database_url)


@contextmanager
def session_scope(engine: Engine | None = None, *, write: bool = True) -> Iterator[Session]:
    """One unit of work: committed if the block ends normally, rolled back otherwise.

    Read-only work passes `write=False` so that SQLite readers never queue behind writers.
    """
    bind = (engine or get_engine()).execution_options(sqlite_write=write)
    with Session(bind, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
