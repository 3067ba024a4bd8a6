"""Shared bench helpers: a fresh database, a synthetic caseload in bulk, timing, memory, output.

Progress goes to stderr; a bench prints exactly one JSON object on stdout (`emit`).
"""

from __future__ import annotations

import json
import os
import random
import resource
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, insert, select, text

# Pre-release stages a live caseload spreads over (recalled cases re-enter the path).
STAGE_WEIGHTS = {
    "received": 1,
    "assessed": 2,
    "case_managed": 4,
    "release_planning": 2,
    "plan_agreed": 1,
    "recalled": 0.2,
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def emit(result: dict[str, Any]) -> None:
    print(json.dumps(result), flush=True)


def use_database(url: str | None, workdir: Path, *, reuse: bool = False) -> Engine:
    """Point the app at `url` (default: a new SQLite file in `workdir`), migrated and empty
    (`reuse`: a database the same bench built before may hold its rows already)."""
    os.environ["RESETTLE_DATABASE_URL"] = url or f"sqlite:///{workdir / 'bench.db'}"
    from resettlement import settings

    settings.get_settings.cache_clear()
    from resettlement.policy import get_reference
    from resettlement.storage.db import get_engine
    from resettlement.storage.migrate import load_reference, upgrade_to_head
    from resettlement.storage.tables import Case

    engine = get_engine()
    upgrade_to_head(engine)
    load_reference(engine, get_reference())
    with engine.connect() as conn:
        if not reuse and conn.execute(select(func.count()).select_from(Case)).scalar_one():
            raise SystemExit(f"{engine.url}: the bench needs an empty database (it has cases)")
    return engine


def case_rows(n: int, *, today: date, seed: int, resolved_share: float) -> Iterator[dict[str, Any]]:
    """N custody cases releasing over the next 12 months; some with housing resolved."""
    from resettlement.policy import get_reference

    rng = random.Random(seed)
    reference = get_reference()
    prisons, areas = sorted(reference.prisons), sorted(reference.areas)
    stages, weights = list(STAGE_WEIGHTS), list(STAGE_WEIGHTS.values())
    created = datetime.combine(today, datetime.min.time(), tzinfo=UTC)
    for i in range(n):
        release = today + timedelta(days=rng.randint(1, 365))
        roll = rng.random()
        ready_from = None
        if roll < resolved_share:  # confirmed, starting on or before release night
            ready_from = release - timedelta(days=rng.randint(0, 30))
        elif roll < resolved_share + 0.05:  # confirmed, but only from after release: unresolved
            ready_from = release + timedelta(days=rng.randint(1, 14))
        yield {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "prison_number": f"A{i % 10000:04d}{chr(65 + i // 10000 % 26)}{chr(65 + i % 26)}",
            "given_name": "Sam",
            "family_name": f"Person{i}",
            "date_of_birth": date(1985, 5, 5),
            "gender": "male",
            "prison": rng.choice(prisons),
            "destination_area": rng.choice(areas),
            "reception_date": today - timedelta(days=rng.randint(1, 700)),
            "release_date": release,
            "release_date_type": "CRD",
            "on_licence": rng.random() < 0.7,
            "stage": rng.choices(stages, weights)[0],
            "episode": 1,
            "housing_status": "temporary" if ready_from else "nfa",
            "housing_ready_from": ready_from,
            "spectrum_stage": None,
            "consent_share_cjit": False,
            "outcome": None,
            "created_at": created,
            "updated_at": created,
        }


def bulk_insert(
    engine: Engine, table: Any, rows: Iterator[dict[str, Any]], chunk: int = 5000
) -> int:
    """INSERT by executemany (SQLAlchemy core), `chunk` rows per statement; returns rows."""
    done = 0
    batch: list[dict[str, Any]] = []
    with engine.begin() as conn:
        for row in rows:
            batch.append(row)
            if len(batch) == chunk:
                conn.execute(insert(table), batch)
                done += len(batch)
                batch = []
        if batch:
            conn.execute(insert(table), batch)
            done += len(batch)
    return done


def analyze(engine: Engine) -> None:
    """PostgreSQL: what autovacuum does between daily runs, now: statistics and the visibility
    map (VACUUM ANALYZE), so that index-only reads are possible for the sweep and the scan alike.
    """
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))


def seconds(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value


# The server settings a figure depends on, printed with it (PostgreSQL: the memory and WAL
# between checkpoints it was measured with; this machine's are the defaults unless it says so).
POSTGRESQL_SETTINGS = (
    "server_version",
    "shared_buffers",
    "max_wal_size",
    "checkpoint_timeout",
    "wal_compression",
    "autovacuum",
)


def database_settings(engine: Engine) -> dict[str, Any]:
    """The database's version and the settings its figures depend on."""
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            return {
                name: conn.exec_driver_sql(f"SHOW {name}").scalar() for name in POSTGRESQL_SETTINGS
            }
        return {
            "sqlite_version": conn.exec_driver_sql("SELECT sqlite_version()").scalar(),
            "page_size": conn.exec_driver_sql("PRAGMA page_size").scalar(),
        }


def peak_rss_mb() -> float:
    """The process's peak resident memory so far (Linux reports ru_maxrss in KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
