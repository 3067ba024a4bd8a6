"""Where the daily housing sweep's time goes, statement by statement (bench/HISTORY.md).

    python bench/sweep_statements.py --cases N [--database-url URL] [--days K]
    python bench/sweep_statements.py --reuse --database-url URL --from-day D [--days K]

The first form builds N cases as bench/sweep.py does (an empty database at URL, or a new SQLite
file) and runs the first sweep (day 0). Both then time K daily sweeps (days D+1 ... D+K of the
build's day, today) and print one JSON object per day: the sweep and the scan floor before it
(wall and this process's CPU seconds: on SQLite the database works in this process, so CPU
seconds are the work itself, much less disturbed by a busy machine than wall time; on
PostgreSQL the server's work is not in them), the commit, every statement over 2 ms with its
rows, and on SQLite the write-ahead log file's size after the day (its high-water mark: about
one day's pages, since each daily commit checkpoints the log).
`--reuse` times a database an earlier run built (copy the SQLite file, or CREATE DATABASE ...
TEMPLATE, first: the days write to it), so that old and new code can be timed on the same rows.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere
from bench.common import analyze, bulk_insert, case_rows, emit, log, use_database
from bench.sweep import _scan, _sweep


def _timed(action: Any) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    value = action()
    return time.perf_counter() - wall, time.process_time() - cpu, value


def _watch(engine: Engine, statements: list[dict[str, Any]], marks: dict[str, float]) -> None:
    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn: Any, _cursor: Any, *_args: Any) -> None:
        conn.info["bench_started"] = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def _after(conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        elapsed = time.perf_counter() - conn.info["bench_started"]
        if elapsed > 0.002:
            sql = " ".join(statement.split())[:70]
            statements.append({"sql": sql, "s": round(elapsed, 4), "rows": cursor.rowcount})

    @event.listens_for(engine, "commit")
    def _commit(_conn: Any) -> None:
        marks["commit"] = time.perf_counter()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--from-day", type=int, default=0)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-sweep-statements-"))
    engine = use_database(args.database_url, workdir, reuse=args.reuse)
    from resettlement import clock
    from resettlement.storage.tables import Case

    day = clock.today()
    if not args.reuse:
        log(f"building {args.cases} cases and sweeping day 0")
        rows = case_rows(args.cases, today=day, seed=args.seed, resolved_share=0.3)
        bulk_insert(engine, Case.__table__, rows)  # type: ignore[attr-defined]
        analyze(engine)
        _sweep(day)
        analyze(engine)
    wal = f"{engine.url.database}-wal" if engine.dialect.name == "sqlite" else None
    statements: list[dict[str, Any]] = []
    marks: dict[str, float] = {}
    _watch(engine, statements, marks)
    _scan(engine, day)  # warm
    for n in range(args.from_day + 1, args.from_day + args.days + 1):
        scan_s, scan_cpu, _ = _timed(lambda: _scan(engine, day))
        statements.clear()
        sweep_s, sweep_cpu, result = _timed(lambda n=n: _sweep(day + timedelta(days=n)))
        commit_s = time.perf_counter() - marks["commit"]  # its end: the sweep's, just now
        emit(
            {
                "day": n,
                "backend": engine.dialect.name,
                "sweep_s": round(sweep_s, 4),
                "scan_s": round(scan_s, 4),
                "ratio_to_scan": round(sweep_s / scan_s, 2),
                "sweep_cpu_s": round(sweep_cpu, 4),
                "scan_cpu_s": round(scan_cpu, 4),
                "cpu_ratio": round(sweep_cpu / scan_cpu, 2) if wal and scan_cpu else None,
                "commit_s": round(commit_s, 4),
                "wal_mb": round(os.path.getsize(wal) / 2**20, 1) if wal else None,
                "result": result.__dict__,
                "statements": list(statements),
            }
        )


if __name__ == "__main__":
    main()
