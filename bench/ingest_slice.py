"""Intake's tail, one version of the code at a time: a slice of the ingest bench's file imported
into a copy of a database an earlier `bench/ingest.py` run kept.

    python bench/ingest_slice.py --source URL --start N --count K [--events-file PATH] [--seed S]

`--source`: the database the earlier run imported the file's first N events into (SQLite: the
`bench.db` beside the `events.jsonl` its log names; PostgreSQL: its `--database-url`). The
slice is events N+1 .. N+K of the same file (`--events-file`, or generated again with the same
seed: the file's first lines do not depend on its length). Each run imports into a fresh copy
(SQLite: the file, its WAL checkpointed into it first; PostgreSQL: `CREATE DATABASE <name>_slice
TEMPLATE <name>`, then a CHECKPOINT), dropped after, so that two versions of the code meet the
same pages: run it once per version, alternately. `--start 0` with an empty `--source` gives the
head to compare with.

Prints one JSON object: events, the accepted/duplicate/rejected counts (events for people the
source never received are rejected: a sign of a slice from another file), events_per_s (the
whole slice, the importer's final checkpoint included), steady_events_per_s (its batches but
the first and the last), cpu_s (this process), per event the bytes this process read and
wrote (`/proc/self/io`: SQLite's page I/O) and, on PostgreSQL, the WAL records, full-page
images and WAL bytes (`pg_stat_wal`, cluster-wide: run it alone), and settings. Progress goes
to stderr.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere
from bench.common import database_settings, emit, log, use_database
from bench.floor import drop_floor, floor_engine
from bench.ingest import generate

if TYPE_CHECKING:
    from resettlement.reception.importer import Importer

WAL = "SELECT wal_records, wal_fpi, wal_bytes FROM pg_stat_wal"


def _process_io() -> dict[str, int]:
    with open("/proc/self/io", encoding="ascii") as io:
        return {key: int(value) for key, value in (line.split(":") for line in io)}


def _wal(engine: Engine) -> tuple[int, int, int] | None:
    """PostgreSQL's WAL so far (records, full-page images, bytes); None on SQLite."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as conn:
        records, fpi, size = conn.execute(text(WAL)).one()
    return int(records), int(fpi), int(size)


def _slice(path: Path, start: int, count: int) -> list[str]:
    with path.open(encoding="utf-8") as lines:
        return list(islice(lines, start, start + count))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", required=True)
    parser.add_argument("--start", type=int, required=True)
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--events-file", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-slice-"))
    events_file = args.events_file
    if events_file is None:
        events_file = workdir / "events.jsonl"
        log(f"generating {args.start + args.count} events in {events_file}")
        generate(events_file, args.start + args.count, args.seed)
    lines = _slice(events_file, args.start, args.count)
    source = create_engine(args.source)
    log(f"copying {source.url.render_as_string()}")
    copy = floor_engine(source, workdir, "slice", copy=True)
    if copy.dialect.name == "postgresql":  # the copy's pages start clean, as the source's did
        with copy.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("CHECKPOINT"))
    engine = use_database(copy.url.render_as_string(hide_password=False), workdir, reuse=True)
    from resettlement.policy import get_policy, get_reference
    from resettlement.reception.importer import Importer

    importer = Importer(engine, actor="bench", policy=get_policy(), reference=get_reference())
    try:
        result = _run(importer, engine, lines)
    finally:
        engine.dispose()
        drop_floor(source, copy)
        shutil.rmtree(workdir, ignore_errors=True)
    emit({"start": args.start, **result})


def _run(importer: Importer, engine: Engine, lines: list[str]) -> dict[str, Any]:
    wal_before, io_before = _wal(engine), _process_io()
    started, cpu_started = time.perf_counter(), time.process_time()
    marks: list[float] = []
    done = 0
    counts = {"accepted": 0, "duplicate": 0, "rejected": 0}
    for done, result in enumerate(importer.run(lines), start=1):
        counts[result.outcome.status] += 1
        if done % importer.batch_size == 0:
            marks.append(time.perf_counter())
    seconds, cpu_s = time.perf_counter() - started, time.process_time() - cpu_started
    io, wal = _process_io(), _wal(engine)
    steady = None
    if len(marks) > 3:  # the first and last batch left out
        steady = round((len(marks) - 2) * importer.batch_size / (marks[-1] - marks[1]), 1)
    per_event = max(done, 1)
    wal_per_event = {}
    if wal is not None and wal_before is not None:
        records, fpi, size = (after - before for after, before in zip(wal, wal_before, strict=True))
        wal_per_event = {
            "wal_records_per_event": round(records / per_event, 1),
            "wal_fpi_per_event": round(fpi / per_event, 2),
            "wal_kb_per_event": round(size / per_event / 1024, 1),
        }
    return {
        "events": done,
        **counts,
        "events_per_s": round(done / seconds, 1),
        "steady_events_per_s": steady,
        "cpu_s": round(cpu_s, 2),
        "read_kb_per_event": round((io["rchar"] - io_before["rchar"]) / per_event / 1024, 1),
        "written_kb_per_event": round((io["wchar"] - io_before["wchar"]) / per_event / 1024, 1),
        **wal_per_event,
        "settings": database_settings(engine),
    }


if __name__ == "__main__":
    main()
