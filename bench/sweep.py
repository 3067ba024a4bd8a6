"""Housing horizon sweep benchmark: the set-based daily sweep against its floor and its peer.

    python bench/sweep.py [--cases N] [--database-url URL] [--per-case-sample K]

Builds N active custody cases releasing over the next 12 months (bulk INSERT) in a fresh
SQLite file (or an empty database at URL), then prints one JSON object:

- first_sweep_s: the first sweep (day D), which raises every task within the horizon;
- sweep_s: the ordinary daily sweep, where only that day's threshold crossings change: day D+1
  (sweep_d1_s) and the following days, median of DAYS so that one noisy moment cannot decide;
- scan_s: the floor (DESIGN.md §6): one aggregate SELECT reading the same columns of the same
  active rows inside the database, warm, timed just before each daily sweep (median);
  ratio_to_scan = sweep_s / scan_s;
- rewrite_rows: task rows written by sweeping D+1 again with nothing changed (must be 0);
- flow_sweep_s: one ordinary daily sweep run as its Prefect flow, Prefect's overhead included;
- per_case_s: the naive design, one Prefect task run per case (bench/per_case.py), timed on a
  K-case sample with the production Prefect settings and scaled to N; speedup_vs_per_case =
  per_case_s / sweep_s;
- peak_rss_mb: the process's peak resident memory.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere
from bench.common import (
    analyze,
    bulk_insert,
    case_rows,
    database_settings,
    emit,
    log,
    peak_rss_mb,
    seconds,
    use_database,
)

# The floor: every column the sweep reads (stage, release_date, housing_ready_from, episode,
# id), from every active row, with the date arithmetic done inside the database.
SCAN_SQL = {
    "sqlite": "SELECT count(*), sum(julianday(release_date) - julianday(:today)), "
    "sum(housing_ready_from IS NULL), sum(episode), sum(length(id)) "
    'FROM "case" WHERE stage IN ({stages})',
    "postgresql": "SELECT count(*), sum(release_date - CAST(:today AS date)), "
    "sum(CASE WHEN housing_ready_from IS NULL THEN 1 ELSE 0 END), sum(episode), sum(length(id)) "
    'FROM "case" WHERE stage IN ({stages})',
}


def _sweep(as_of: date, at_hour: int = 0) -> Any:
    from resettlement import clock
    from resettlement.horizon.sweep import sweep_housing_horizon
    from resettlement.policy import get_policy
    from resettlement.storage.db import session_scope

    instant = clock.start_of_day(as_of) + timedelta(hours=at_hour)
    with clock.frozen_at(instant), session_scope() as session:
        return sweep_housing_horizon(session, today=as_of, policy=get_policy())


def _scan(engine: Engine, today: date) -> Any:
    from resettlement.vocabulary import CUSTODY_STAGES

    stages = ", ".join(f"'{s.value}'" for s in sorted(CUSTODY_STAGES))
    sql = text(SCAN_SQL[engine.dialect.name].format(stages=stages))
    with engine.connect() as conn:
        return conn.execute(sql, {"today": today}).one()


def _rows_written_at(engine: Engine, instant: Any) -> int:
    from resettlement.storage.tables import Task

    query = select(func.count()).select_from(Task).where(Task.updated_at == instant)
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def _prefect_timings(engine: Engine, day: date, sample: int, seed: int) -> dict[str, float]:
    """The sweep as its flow, and the per-case design on a sample, under production settings."""
    from bench.per_case import per_case_sweep  # flows/__init__ prepares Prefect first
    from flows.environment import flow_settings
    from flows.housing_horizon import housing_horizon
    from resettlement import clock
    from resettlement.storage.tables import Case

    with engine.connect() as conn:
        ids = sorted(conn.execute(select(Case.id)).scalars())  # type: ignore[call-overload]
    picked = random.Random(seed).sample(ids, min(sample, len(ids)))
    with flow_settings():
        log("starting Prefect (the ephemeral API server starts once per process)")
        with clock.frozen_at(clock.start_of_day(day)):
            housing_horizon(as_of=day)  # warm: server up, flow registered
        with clock.frozen_at(clock.start_of_day(day + timedelta(days=1))):
            flow_s, _ = seconds(lambda: housing_horizon(as_of=day + timedelta(days=1)))
        log(f"per-case design on {len(picked)} cases")
        with clock.frozen_at(clock.start_of_day(day + timedelta(days=2))):
            sample_s, _ = seconds(lambda: per_case_sweep(picked, day + timedelta(days=2)))
    return {"flow_sweep_s": flow_s, "per_case_sample_s": sample_s, "sample": len(picked)}


DAYS = 5  # ordinary daily sweeps timed: D+1 ... D+5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--per-case-sample", type=int, default=1000)
    parser.add_argument("--resolved-share", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    engine = use_database(args.database_url, Path(tempfile.mkdtemp(prefix="bench-sweep-")))
    from resettlement import clock
    from resettlement.storage.tables import Case

    day = clock.today()
    log(f"building {args.cases} cases in {engine.url.render_as_string(hide_password=True)}")
    rows = case_rows(args.cases, today=day, seed=args.seed, resolved_share=args.resolved_share)
    build_s, _ = seconds(lambda: bulk_insert(engine, Case.__table__, rows))  # type: ignore[attr-defined]
    analyze(engine)
    _scan(engine, day)  # warm the cache before anything is timed
    log("first sweep (day D)")
    first_s, first = seconds(lambda: _sweep(day))
    analyze(engine)
    scans, sweeps, results = [], [], []
    for n in range(1, DAYS + 1):
        log(f"daily sweep (day D+{n})")
        scans.append(seconds(lambda: _scan(engine, day))[0])
        elapsed, result = seconds(partial(_sweep, day + timedelta(days=n)))
        sweeps.append(elapsed)
        results.append(result)
        if n == 1:
            log("the same day again (nothing changed)")
            again_s, again = seconds(lambda: _sweep(day + timedelta(days=1), at_hour=6))
            rewrite_instant = clock.start_of_day(day + timedelta(days=1)) + timedelta(hours=6)
            rewrite_rows = _rows_written_at(engine, rewrite_instant)
    sweep_s, scan_s = statistics.median(sweeps), statistics.median(scans)
    prefect = _prefect_timings(
        engine, day + timedelta(days=DAYS + 1), args.per_case_sample, args.seed
    )
    per_case_s = prefect["per_case_sample_s"] * args.cases / prefect["sample"]
    emit(
        {
            "cases": args.cases,
            "backend": engine.dialect.name,
            "build_s": round(build_s, 2),
            "first_sweep_s": round(first_s, 4),
            "first_sweep": first.__dict__,
            "sweep_s": round(sweep_s, 4),
            "sweep_d1_s": round(sweeps[0], 4),
            "sweep_d1": results[0].__dict__,
            "daily_sweeps_s": [round(t, 4) for t in sweeps],
            "scan_s": round(scan_s, 4),
            "ratio_to_scan": round(sweep_s / scan_s, 2),
            "rewrite_rows": rewrite_rows,
            "rewrite_sweep_s": round(again_s, 4),
            "rewrite_result_rows": again.rows_written,
            "flow_sweep_s": round(prefect["flow_sweep_s"], 3),
            "per_case_sample": prefect["sample"],
            "per_case_s": round(per_case_s, 1),
            "speedup_vs_per_case": round(per_case_s / sweep_s, 1),
            "peak_rss_mb": peak_rss_mb(),
            "settings": database_settings(engine),
        }
    )


if __name__ == "__main__":
    main()
