"""Ingest benchmark: import a generated JSON-lines file of N prison events into a fresh database.

    python bench/ingest.py [--events N] [--database-url URL] [--batch-size B] [--initial-load]

`--initial-load` imports as the go-live's first load does (`resettle import-events
--initial-load`: the case read indexes set aside and built at the end, batches of 10,000), and
its floor writes the case rows the same way.

Prints one JSON object: events, events_per_s, seconds, events_per_s_by_tenth (the rate over
each tenth of the file, to show whether intake slows as the database grows) and
last_to_first_tenth, after_last_event_s (what the import does once its last event is in: the
final checkpoint, and a first load's index build; in seconds and events_per_s, not in the
tenths), cpu_s and events_per_cpu_s (the import's CPU time in this process: on a
shared machine steadier than wall time; PostgreSQL's server is not counted), the
accepted/duplicate/rejected counts, peak_rss_mb and settings (the database's: bench/common.py);
then the floor, measured in the same run (bench/floor.py): every row the import wrote, inserted
again into an empty database by plain bulk inserts (`floor_s`, `floor_rows`: executemany; on
PostgreSQL also `floor_copy_s`: COPY), and `ratio_to_floor` = seconds / floor_s,
`ratio_to_copy_floor` = seconds / floor_copy_s (PostgreSQL; null on SQLite, whose executemany
is already its fastest insert); and the database's own slowdown as the case table grows, the
yardstick for the import's tenths: `floor_case_rows_per_s_by_tenth`, the floor's rate over each
tenth of the case rows (inserted in the order they were created, by the way the import inserts
them: executemany on SQLite, COPY on PostgreSQL), and `floor_case_last_to_first_tenth`.
Progress goes to stderr.
The file mixes receptions (which open cases and raise two tasks each) with release-date
changes, transfers, releases and withdrawals for people received earlier in the file.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere
from bench.common import database_settings, emit, log, peak_rss_mb, use_database
from bench.floor import Floor, copy_rows, drop_floor, floor_engine, prepare

START = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def generate(path: Path, n: int, seed: int) -> None:
    from resettlement.policy import get_reference

    rng = random.Random(seed)
    ref = get_reference()
    prisons = sorted(ref.prisons)
    areas = sorted(ref.areas)
    people: list[tuple[str, str]] = []  # (prison number, current prison)
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            at = START + timedelta(seconds=i * 30)
            roll = rng.random()
            if not people or roll < 0.6:
                number = (
                    f"{letters[i % 23]}{i % 10000:04d}{letters[(i // 10000) % 23]}"
                    f"{letters[(i // 230000) % 23]}"
                )
                prison = rng.choice(prisons)
                release = at.date() + timedelta(days=rng.randint(14, 720))
                event = {
                    "event_id": f"bench-{i}",
                    "type": "reception",
                    "occurred_at": at.isoformat(),
                    "prison_number": number,
                    "prison": prison,
                    "release_date": release.isoformat(),
                    "release_date_type": "CRD",
                    "destination_area": rng.choice(areas),
                    "person": {
                        "given_name": "Sam",
                        "family_name": f"Person{i}",
                        "date_of_birth": "1985-05-05",
                        "gender": "male",
                    },
                }
                people.append((number, prison))
            else:
                k = rng.randrange(len(people))
                number, prison = people[k]
                event = {
                    "event_id": f"bench-{i}",
                    "occurred_at": at.isoformat(),
                    "prison_number": number,
                    "prison": prison,
                }
                if roll < 0.85:
                    release = at.date() + timedelta(days=rng.randint(7, 540))
                    event |= {"type": "release_date_set", "release_date": release.isoformat()}
                elif roll < 0.95:
                    to = rng.choice(prisons)
                    if to == prison:
                        to = prisons[(prisons.index(prison) + 1) % len(prisons)]
                    event |= {"type": "transfer", "to_prison": to}
                    people[k] = (number, to)
                else:
                    event |= {"type": "release" if roll < 0.99 else "withdrawn"}
                    people[k] = people[-1]
                    people.pop()
            out.write(json.dumps(event) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--batch-size", type=int, default=None, help="default: the importer's")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--initial-load", action="store_true", help="import as a first load (read indexes after)"
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    engine = use_database(args.database_url, workdir)
    from resettlement.policy import get_policy, get_reference
    from resettlement.reception.importer import Importer

    events_file = workdir / "events.jsonl"
    log(f"generating {args.events} events in {events_file}")
    generate(events_file, args.events, args.seed)

    importer = Importer(
        engine,
        actor="bench",
        policy=get_policy(),
        reference=get_reference(),
        batch_size=args.batch_size,
        initial_load=args.initial_load,
    )
    args.batch_size = importer.batch_size
    counts = {"accepted": 0, "duplicate": 0, "rejected": 0}
    # Whole batches only: results arrive a committed batch at a time.
    tenth = max(1, round(args.events / 10 / args.batch_size)) * args.batch_size
    spans: list[float] = []  # seconds of each tenth: does intake slow as the data grows?
    started = mark = time.perf_counter()
    cpu_started = time.process_time()
    with events_file.open(encoding="utf-8") as lines:
        for n, result in enumerate(importer.run(lines), start=1):
            counts[result.outcome.status] += 1
            if n % tenth == 0:
                now = time.perf_counter()
                spans.append(now - mark)
                mark = now
                log(f"{n} events, {tenth / spans[-1]:.1f} events/s over the last {tenth}")
    seconds = time.perf_counter() - started
    after_last = started + seconds - mark  # the final checkpoint; a first load's read indexes
    tenths = [round(tenth / span, 1) for span in spans]
    cpu_s = time.process_time() - cpu_started  # this process only (not PostgreSQL's server)
    floors: dict[str, Floor] = {}
    ways = ["executemany"] + (["copy"] if engine.dialect.name == "postgresql" else [])
    for way in ways:
        log(f"the floor ({way}): the same rows by plain bulk inserts into an empty database")
        target = floor_engine(engine, workdir, f"floor_{way}")
        try:
            prepare(target)
            floors[way] = copy_rows(
                engine, target, args.batch_size, copy=way == "copy", initial_load=args.initial_load
            )
        finally:
            drop_floor(engine, target)
    floor = floors["executemany"]
    copy_s = floors["copy"].seconds if "copy" in floors else None
    # The database's own slowdown beside the import's: plain inserts of the same case rows.
    case_tenths = floors["copy" if "copy" in floors else "executemany"].case_by_tenth
    emit(
        {
            "events": args.events,
            "events_per_s": round(args.events / seconds, 1),
            "seconds": round(seconds, 2),
            "cpu_s": round(cpu_s, 2),
            "events_per_cpu_s": round(args.events / cpu_s, 1),
            "events_per_s_by_tenth": tenths,
            "last_to_first_tenth": _last_to_first(tenths),
            "after_last_event_s": round(after_last, 2),
            "backend": engine.dialect.name,
            "batch_size": args.batch_size,
            "initial_load": args.initial_load,
            **counts,
            "floor_rows": floor.rows,
            "floor_s": round(floor.seconds, 2),
            "ratio_to_floor": round(seconds / floor.seconds, 2),
            "floor_copy_s": round(copy_s, 2) if copy_s else None,
            "ratio_to_copy_floor": round(seconds / copy_s, 2) if copy_s else None,
            "floor_case_rows_per_s_by_tenth": case_tenths,
            "floor_case_last_to_first_tenth": _last_to_first(case_tenths),
            "peak_rss_mb": peak_rss_mb(),
            "settings": database_settings(engine),
        }
    )


def _last_to_first(rates: list[float]) -> float | None:
    return round(rates[-1] / rates[0], 3) if len(rates) >= 2 else None


if __name__ == "__main__":
    main()
