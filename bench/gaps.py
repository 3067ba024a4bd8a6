"""Gaps and matches: `GET /gaps`'s computation for the region with the most releases, against
the raw scan floor of the same rows, p95 over 20 calls; and one case's matches, p95 over 20.

Usage: python -m bench.gaps --cases N --services S [--placements P] [--database-url URL]
Prints one JSON object (progress on stderr). The floor (DESIGN.md §6) is one SQL statement
reading the same columns of the same rows inside the database: the region's releasing cases
with housing unresolved, its services and the placements at them, aggregated.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import tempfile
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

from sqlalchemy import func, literal_column, select, union_all

CALLS = 20


def p95(samples: list[float]) -> float:
    return round(statistics.quantiles(samples, n=20)[-1] * 1000, 2)


def people(n: int, today: date, seed: int) -> Iterator[dict[str, Any]]:
    from bench.common import case_rows
    from resettlement.vocabulary import SpectrumStage, SupportLevel

    rng = random.Random(seed)
    stages = [None, *SpectrumStage]
    for row in case_rows(n, today=today, seed=seed, resolved_share=0.5):
        stage = rng.choice(stages)
        row["spectrum_stage"] = stage.value if stage else None
        row["support_need"] = rng.choice(list(SupportLevel)).value
        row["risk_mask"] = rng.getrandbits(5) & rng.getrandbits(5) & rng.getrandbits(5)
        row["gender"] = rng.choice(["male"] * 9 + ["female"])
        row["date_of_birth"] = date(1960 + rng.randint(0, 45), rng.randint(1, 12), 15)
        yield row


def services(n: int, seed: int) -> Iterator[dict[str, Any]]:
    from resettlement.policy import get_reference
    from resettlement.vocabulary import AccessRoute, ServiceKind, SupportLevel

    rng = random.Random(seed + 1)
    areas = sorted(get_reference().areas)
    at = datetime(2026, 1, 1, tzinfo=UTC)
    for i in range(n):
        kind = rng.choice(list(ServiceKind))
        yield {
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "code": None,
            "name": f"Service {i}",
            "provider": "Bench Housing",
            "address": f"{i} Bench Road",
            "area": areas[i % len(areas)],
            "kind": kind.value,
            "support_level": rng.choice(list(SupportLevel)).value,
            "capacity": 0 if kind == ServiceKind.floating_support else rng.randint(1, 12),
            "access": rng.choice(list(AccessRoute)).value,
            "genders_mask": rng.choice([1, 2, 3, 7, 7]),
            "min_age": rng.choice([None, 18, 18, 21]),
            "max_age": rng.choice([None, None, 25, 65]),
            "accepts_on_licence": rng.random() < 0.8,
            "stages_mask": rng.randint(1, 31),
            "excludes_mask": rng.getrandbits(5) & rng.getrandbits(5),
            "active": rng.random() < 0.95,
            "created_at": at,
            "updated_at": at,
            "updated_by": "bench",
        }


def placements(
    n: int, case_ids: list[str], service_ids: list[str], today: date, seed: int
) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed + 2)
    at = datetime.combine(today, datetime.min.time(), tzinfo=UTC)
    for _ in range(n):
        start = today + timedelta(days=rng.randint(-200, 90))
        yield {
            "id": str(uuid.uuid4()),
            "case_id": rng.choice(case_ids),
            "episode": 1,
            "service_id": rng.choice(service_ids),
            "status": rng.choice(["confirmed"] * 6 + ["ended", "requested", "declined"]),
            "start_date": start,
            "end_date": start + timedelta(days=rng.randint(14, 300))
            if rng.random() < 0.5
            else None,
            "reason": None,
            "requested_at": at,
            "requested_by": "bench",
            "answered_at": None,
            "updated_at": at,
            "updated_by": "bench",
        }


def build(
    engine: Any, cases: int, n_services: int, n_placements: int, today: date, seed: int
) -> float:
    """Generate the rows; returns the seconds it took."""
    from sqlmodel import col

    from bench.common import bulk_insert, seconds
    from resettlement.storage.tables import Case, Placement, Service

    build_s, _ = seconds(
        lambda: (
            bulk_insert(engine, Case.__table__, people(cases, today, seed)),  # type: ignore[attr-defined]
            bulk_insert(engine, Service.__table__, services(n_services, seed)),  # type: ignore[attr-defined]
        )
    )
    with engine.connect() as conn:
        case_ids = list(conn.execute(select(col(Case.id)).limit(n_placements)).scalars())
        service_ids = list(
            conn.execute(select(col(Service.id)).where(col(Service.capacity) > 0)).scalars()
        )
    bulk_insert(
        engine,
        Placement.__table__,  # type: ignore[attr-defined]
        placements(n_placements, case_ids, service_ids, today, seed),
    )
    return build_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--placements", type=int, default=40_000)
    parser.add_argument("--weeks", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default=None)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time a database an earlier run of this bench built (built now when empty)",
    )
    args = parser.parse_args()
    from bench.common import analyze, database_settings, emit, log, peak_rss_mb, use_database

    workdir = Path(tempfile.mkdtemp(prefix="bench-gaps-"))  # the SQLite file, without a URL
    engine = use_database(args.database_url, workdir, reuse=args.reuse)
    import time

    from sqlmodel import col

    from resettlement import clock
    from resettlement.access.users import Principal
    from resettlement.gaps import sql as gaps_sql
    from resettlement.gaps.reads import compute_gaps
    from resettlement.matching.reads import case_matches
    from resettlement.policy import get_reference
    from resettlement.storage.db import session_scope
    from resettlement.storage.tables import Case, Placement, Service
    from resettlement.vocabulary import Role

    today = clock.today()
    reference = get_reference()
    with engine.connect() as conn:
        built = conn.execute(select(func.count()).select_from(Case)).scalar_one()
    build_s = 0.0
    if built:
        log(f"reusing {built} cases already in {engine.url}")
        with engine.connect() as conn:
            args.services = conn.execute(select(func.count()).select_from(Service)).scalar_one()
            args.placements = conn.execute(select(func.count()).select_from(Placement)).scalar_one()
        args.cases = built
    else:
        log(f"generating {args.cases} cases, {args.services} services into {engine.url}")
        build_s = build(engine, args.cases, args.services, args.placements, today, args.seed)
    analyze(engine)
    end = today + timedelta(weeks=args.weeks)
    with session_scope(write=False) as session:
        by_region: dict[str, int] = {}
        for area, n in session.execute(
            select(col(Case.destination_area), func.count())
            .where(gaps_sql.releasing_clause(sorted(reference.areas), today, end))
            .group_by(col(Case.destination_area))
        ):
            region = reference.areas[area].region
            by_region[region] = by_region.get(region, 0) + int(n)
    region = max(by_region, key=lambda r: by_region[r])
    areas = sorted(a.code for a in reference.areas.values() if a.region == region)
    admin = Principal("bench", Role.admin, None)

    def gaps_once() -> dict[str, Any]:
        with session_scope(write=False) as session:
            return compute_gaps(
                session, admin, region=region, weeks=args.weeks, reference=reference, today=today
            )

    def floor_once() -> Any:
        cases = select(
            func.count(),
            func.sum(
                func.length(col(Case.gender))
                + col(Case.risk_mask)
                + func.length(func.coalesce(col(Case.spectrum_stage), ""))
                + func.length(func.coalesce(col(Case.support_need), ""))
            ),
        ).where(gaps_sql.releasing_clause(areas, today, end))
        service_rows = select(
            func.count(), func.sum(col(Service.capacity) + col(Service.stages_mask))
        ).where(col(Service.area).in_(areas))
        placement_rows: Any = (
            select(func.count(), func.sum(literal_column("1")))
            .select_from(Placement)
            .join(Service, col(Service.id) == col(Placement.service_id))
            .where(col(Service.area).in_(areas))
        )
        with session_scope(write=False) as session:
            return session.execute(union_all(cases, service_rows, placement_rows)).all()

    def timed(action: Any) -> list[float]:
        action()  # warm
        samples = []
        for _ in range(CALLS):
            started = time.perf_counter()
            action()
            samples.append(time.perf_counter() - started)
        return samples

    log(f"timing the gaps of region {region} ({len(areas)} areas)")
    gaps_samples = timed(gaps_once)
    floor_samples = timed(floor_once)
    answer = gaps_once()
    with session_scope(write=False) as session:
        one = session.execute(
            select(Case).where(col(Case.destination_area).in_(areas)).limit(1)
        ).scalar_one()

    def matches_once() -> int:
        with session_scope(write=False) as session:
            return len(case_matches(session, one, reference, sees_stage=True, today=today))

    gc.freeze()  # as the server does once started (app.py `_serving`)
    match_samples = timed(matches_once)
    emit(
        {
            "database": engine.dialect.name,
            "cases": args.cases,
            "services": args.services,
            "placements": args.placements,
            "weeks": args.weeks,
            "region": region,
            "region_areas": len(areas),
            "region_releasing_unresolved": sum(a["releasing_unresolved"] for a in answer["areas"]),
            "region_gap": sum(a["gap"] for a in answer["areas"]),
            "gaps_p95_ms": p95(gaps_samples),
            "floor_p95_ms": p95(floor_samples),
            "ratio_to_scan": round(p95(gaps_samples) / p95(floor_samples), 2),
            "matches_services": matches_once(),
            "matches_p95_ms": p95(match_samples),
            "build_s": round(build_s, 1),
            "peak_rss_mb": peak_rss_mb(),
            "settings": database_settings(engine),
        }
    )


if __name__ == "__main__":
    main()
