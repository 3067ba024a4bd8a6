"""Every benchmark at one size, in one command: one JSON object, and a markdown table.

    python bench/all.py --cases N [--database-url URL] [--requests R] [--per-case-sample S]
                        [--table PATH]

Runs bench/sweep.py --cases N, bench/api.py --cases N, bench/gaps.py --cases N (with a
catalogue in proportion: N/100 services, N/25 placements, as 10,000 and 40,000 at 1M) and
bench/ingest.py --events N, then again with --initial-load (the go-live's first load), one after
the other, each in its own process and on its own empty database (SQLite: a new file each;
PostgreSQL: `<name>_sweep`, `<name>_api`, `<name>_gaps`, `<name>_ingest` created beside the
database of --database-url and dropped after), and prints one JSON object on stdout: {"cases",
"database", "sweep", "api", "gaps", "ingest", "ingest_initial_load", "seconds"}.
The markdown table (the rows of bench/README.md's figures) goes to stderr at the end, and to
--table PATH if given, so that a release can be compared with the last one in one step.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, make_url, text

HERE = Path(__file__).resolve().parent


def _database(url: str | None, bench: str) -> str | None:
    """An empty database for one bench (None: the bench makes its own SQLite file)."""
    if url is None:
        return None
    base = make_url(url)
    name = f"{base.database}_{bench}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _drop(url: str | None, own: str | None) -> None:
    if url is None or own is None:
        return
    engine = create_engine(make_url(url), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(own).database}"'))
    engine.dispose()


def _run(script: str, args: list[str], url: str | None, bench: str) -> dict[str, Any]:
    own = _database(url, bench)
    command = [sys.executable, str(HERE / script), *args]
    if own is not None:
        command += ["--database-url", own]
    print(f"running {' '.join(command[1:])}", file=sys.stderr, flush=True)
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, check=True, text=True)
    finally:
        _drop(url, own)
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def table(result: dict[str, Any]) -> str:
    """The figures as markdown rows: bench, measure, value."""
    sweep, api, gaps, ingest = result["sweep"], result["api"], result["gaps"], result["ingest"]
    n, db = result["cases"], result["database"]
    rows = [
        ("sweep: `ratio_to_scan`", sweep["ratio_to_scan"]),
        ("sweep: daily `sweep_s` / scan `scan_s`", f"{sweep['sweep_s']} / {sweep['scan_s']} s"),
        ("sweep: `peak_rss_mb`", sweep["peak_rss_mb"]),
        ("api: `p50_ms` / `p95_ms`, every request", f"{api['p50_ms']} / {api['p95_ms']}"),
        *(
            (f"api: {user} `p50_ms` / `p95_ms`", f"{v['p50_ms']} / {v['p95_ms']}")
            for user, v in api["by_user"].items()
        ),
        *(
            (f"api: {query} `p50_ms` / `p95_ms`", f"{v['p50_ms']} / {v['p95_ms']}")
            for query, v in api["by_query"].items()
        ),
        ("gaps: `ratio_to_scan`", gaps["ratio_to_scan"]),
        (
            "gaps: `gaps_p95_ms` / scan `floor_p95_ms`",
            f"{gaps['gaps_p95_ms']} / {gaps['floor_p95_ms']}",
        ),
        ("matches: `matches_p95_ms`", gaps["matches_p95_ms"]),
        *_ingest("ingest", ingest),
        ("ingest: `ratio_to_floor` (executemany floor)", ingest["ratio_to_floor"]),
        ("ingest: `ratio_to_copy_floor` (PostgreSQL)", ingest["ratio_to_copy_floor"]),
        ("ingest: `peak_rss_mb`", ingest["peak_rss_mb"]),
        *_ingest("ingest, first load", result["ingest_initial_load"]),
        (
            "ingest, first load: after its last event (read indexes built, checkpoint), s",
            result["ingest_initial_load"]["after_last_event_s"],
        ),
    ]
    lines = [f"| bench | {n:,} cases, {db} |", "| --- | --- |"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    return "\n".join(lines)


def _ingest(label: str, ingest: dict[str, Any]) -> list[tuple[str, Any]]:
    """An ingest run's rate and how it held up over the file."""
    return [
        (f"{label}: `events_per_s`", ingest["events_per_s"]),
        (f"{label}: first tenth → last tenth, events/s", _tenths(ingest)),
        (
            f"{label}: last tenth / first, the import / its case rows' plain inserts",
            f"{ingest['last_to_first_tenth']} / {ingest['floor_case_last_to_first_tenth']}",
        ),
    ]


def _tenths(ingest: dict[str, Any]) -> str:
    tenths = ingest.get("events_per_s_by_tenth") or []
    return f"{tenths[0]} → {tenths[-1]}" if tenths else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--per-case-sample", type=int, default=300)
    parser.add_argument("--table", type=Path, default=None)
    args = parser.parse_args()
    started = time.perf_counter()
    n = str(args.cases)
    url = args.database_url
    result: dict[str, Any] = {
        "cases": args.cases,
        "database": make_url(url).get_backend_name() if url else "sqlite",
    }
    result["sweep"] = _run(
        "sweep.py", ["--cases", n, "--per-case-sample", str(args.per_case_sample)], url, "sweep"
    )
    result["api"] = _run("api.py", ["--cases", n, "--requests", str(args.requests)], url, "api")
    # The catalogue grows with the caseload: 10,000 services and 40,000 placements at 1M.
    catalogue = ["--services", str(max(args.cases // 100, 100))]
    catalogue += ["--placements", str(max(args.cases // 25, 400))]
    result["gaps"] = _run("gaps.py", ["--cases", n, *catalogue], url, "gaps")
    result["ingest"] = _run("ingest.py", ["--events", n], url, "ingest")
    first_load = ["--events", n, "--initial-load"]
    result["ingest_initial_load"] = _run("ingest.py", first_load, url, "ingest")
    result["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(result), flush=True)
    markdown = table(result)
    print(markdown, file=sys.stderr, flush=True)
    if args.table is not None:
        args.table.write_text(markdown + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
