"""The engine and sessions. SQLite runs in WAL mode with a busy timeout: CLI and server share it.

Readers never queue behind writers (WAL; read-only work begins a plain transaction), writers
take the lock at BEGIN. A request waits at most REQUEST_WAIT_MS for a lock or a connection
(`waiting_at_most`), then the API answers 503 with Retry-After; other work (sweeps, the CLI)
waits longer. Statement parameters never reach logs or error messages (`hide_parameters`), and
the SQLite data file is created readable by its owner only (its -wal and -shm files follow it).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session, create_engine

from resettlement.settings import get_settings

SQLITE_BUSY_TIMEOUT_MS = 30_000
REQUEST_WAIT_MS = 5_000
PG_CONNECT_TIMEOUT_S = 3
PG_LOCK_TIMEOUT_MS = 5_000
POOL_WAIT_S = 5
_wait_ms: ContextVar[int] = ContextVar("db_wait_ms", default=SQLITE_BUSY_TIMEOUT_MS)


@contextmanager
def waiting_at_most(ms: int) -> Iterator[None]:
    """For the block (a request), wait at most `ms` for SQLite's write lock."""
    token = _wait_ms.set(ms)
    try:
        yield
    finally:
        _wait_ms.reset(token)


def owner_only_file(url: str) -> None:
    """Create the SQLite file (if new) readable and writable by its owner only; SQLite gives
    its -wal and -shm files the same permissions."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):  # another process made it meanwhile
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _sqlite_engine(url: str) -> Engine:
    owner_only_file(url)
    engine = create_engine(
        url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, hide_parameters=True
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, record: Any) -> None:
        # Let SQLAlchemy issue BEGIN so that writers take the lock at once (IMMEDIATE below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        _settle(dbapi_connection, record.info, bulk=False)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # A writer takes the lock at BEGIN (IMMEDIATE), waiting up to the busy timeout (short
        # for a request), rather than failing when a read turns into a write mid-transaction.
        options = conn.get_execution_options()
        pooled = conn.connection
        _settle(pooled.dbapi_connection, pooled.info, bulk=bool(options.get("sqlite_bulk")))
        wait = options.get("sqlite_wait_ms") or _wait_ms.get()
        conn.exec_driver_sql(f"PRAGMA busy_timeout={int(wait)}")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if options.get("sqlite_write", True) else "BEGIN")

    return engine


# A connection's page cache, temporary storage, WAL size between checkpoints and the WAL
# file's size when it restarts, in its two modes.
SQLITE_PRAGMAS = {
    # 64 MiB: sweeps and scans stay in memory. WAL: SQLite's default checkpoint (every 1,000
    # pages, 4 MiB); the file cut back to 64 MiB when it restarts (after an import grew it).
    False: (
        "cache_size=-65536",
        "temp_store=DEFAULT",
        "wal_autocheckpoint=1000",
        "journal_size_limit=67108864",
    ),
    # Bulk writing (the import: `session_scope(bulk=True)`). At 1M cases a batch of events
    # changes ~21,000 pages spread over the case list indexes (bench/HISTORY.md, 2026-12-04
    # evening): a 256 MiB cache reads half as many of them again, a checkpoint every ~400 MiB
    # of WAL writes a page changed in several batches once, and statement journals (a page's
    # original for each row an executemany inserts or updates under a trigger) stay in memory
    # instead of going through a temporary file. The WAL file keeps its size when it restarts:
    # cut back to 64 MiB, each cycle's frames went to newly allocated blocks, which the kernel
    # zeroes first (7% of the perf samples of an import at 1M: bench/HISTORY.md, 2026-12-04
    # night).
    True: (
        "cache_size=-262144",
        "temp_store=MEMORY",
        "wal_autocheckpoint=100000",
        "journal_size_limit=-1",
    ),
}


def _settle(dbapi_connection: Any, info: dict[str, Any], *, bulk: bool) -> None:
    """Put a connection in bulk or normal mode (before its BEGIN: temp_store can only change
    outside a transaction), if it is not there already (`info`: the pool's record of it)."""
    if info.get("bulk") is bulk:
        return
    cursor = dbapi_connection.cursor()
    for pragma in SQLITE_PRAGMAS[bulk]:
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()
    info["bulk"] = bulk


def checkpoint(engine: Engine) -> None:
    """After bulk writing on SQLite: copy the WAL into the database now (its size between
    checkpoints was bulk-sized), rather than in the next request's commit."""
    if engine.dialect.name == "sqlite":
        connection = engine.raw_connection()  # outside a transaction, as a checkpoint must be
        try:
            connection.cursor().execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        finally:
            connection.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=10,
        pool_timeout=POOL_WAIT_S,
        hide_parameters=True,
        connect_args={
            "connect_timeout": PG_CONNECT_TIMEOUT_S,
            "options": f"-c lock_timeout={PG_LOCK_TIMEOUT_MS}",
        },
    )


@lru_cache(maxsize=4)
def _engine_for(url: str) -> Engine:
    return make_engine(url)


def get_engine() -> Engine:
    return _engine_for(get_settings().database_url)


@contextmanager
def session_scope(
    engine: Engine | None = None,
    *,
    write: bool = True,
    wait_ms: int | None = None,
    bulk: bool = False,
) -> Iterator[Session]:
    """One unit of work: committed if the block ends normally, rolled back otherwise.

    Read-only work passes `write=False` so that SQLite readers never queue behind writers;
    `wait_ms` bounds how long a writer waits for SQLite's lock; `bulk` (the import) gives a
    SQLite connection its bulk settings for the transaction (`SQLITE_PRAGMAS`).
    """
    bind = (engine or get_engine()).execution_options(
        sqlite_write=write, sqlite_wait_ms=wait_ms, sqlite_bulk=bulk
    )
    with Session(bind, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
