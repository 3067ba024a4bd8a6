"""A national caseload, generated: custody and community cases over all 12 regions.

    python bench/generate.py --cases N [--seed S] [--database-url URL] [--today YYYY-MM-DD]

Builds N cases (into bench.db in the current directory, or an empty database at URL) with bulk
core INSERTs in chunks, streaming (memory does not grow with N); prints one JSON object of counts.
The same N, seed and day always give the same rows (ids included), on either database.

Proportions, and where they come from (bench/README.md has the table):
- 87,000 people in prison and ~53,000 sentenced releases a year (issue #6). Custody cases
  release within 12 months in the ratio 53,000 / 87,000 = 61%; the others are spread over 1 to
  6 years. Community cases are the releases still inside the 182-day tenancy-check window:
  53,000 x 182 / 365 = 26,400 people, so 26,400 / (87,000 + 26,400) = 23% of all cases.
- 71% of prisoners had accommodation arranged on release (April 2003 resettlement survey,
  shared/seeds/003, line 109): 29% are unresolved on the release day. Resolution rises as release
  nears: from RESOLVED_AT_RECEPTION (assumed: a tenancy kept or a family home to go back to) for
  releases beyond the 84-day plan horizon, linearly up to 71% on the release day.
- Status mix (assumed, no public split in the seeds): resolved cases are settled,
  tenancy_maintained, supported_housing, approved_premises or temporary; unresolved ones nfa,
  unknown or rough_sleeping (RESOLVED_MIX, UNRESOLVED_MIX).
- Stages consistent with dates: received in the first 14 days after reception, then assessed or
  case_managed; within 84 days of release, release_planning (a draft plan v1, some parties
  signed) or plan_agreed (an agreed plan); 1% recalled (episode 2, release beyond 84 days);
  community: released (handover not yet accepted), handed_over (accepted), tenancy_monitoring
  (a check recorded). Every community case has its handover and its five tenancy checks.
- Prisons uniformly over the 103 in config/reference; destination areas in the prison's region
  for 80% (people are mostly held near home), anywhere otherwise; 2% without a destination.
- Duty to refer: 60% of unresolved custody cases within 56 days have a referral, referred 0-30
  days ago, 70% of them without an outcome yet. Handovers: 95% accepted within the SLA (the
  KPI target); tenancy checks falling due are recorded 85% of the time, sustained 85%.
"""

from __future__ import annotations

import argparse
import random
import sys
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

RELEASES_A_YEAR = 53_000
IN_PRISON = 87_000
CHECK_WINDOW_DAYS = 182
COMMUNITY_SHARE = (RELEASES_A_YEAR * CHECK_WINDOW_DAYS / 365) / (
    IN_PRISON + RELEASES_A_YEAR * CHECK_WINDOW_DAYS / 365
)
WITHIN_YEAR_SHARE = RELEASES_A_YEAR / IN_PRISON
RESOLVED_ON_RELEASE = 0.71
RESOLVED_AT_RECEPTION = 0.35
PLAN_HORIZON_DAYS = 84
RECALLED_SHARE = 0.01
SAME_REGION_SHARE = 0.8
NO_DESTINATION_SHARE = 0.02
REFERRED_SHARE, REFERRAL_OPEN_SHARE, REFER_WITHIN_DAYS = 0.6, 0.7, 56
ACCEPTED_SHARE, CHECK_RECORDED_SHARE, SUSTAINED_SHARE = 0.95, 0.85, 0.85
RESOLVED_MIX = {
    "settled": 3,
    "tenancy_maintained": 3,
    "supported_housing": 2,
    "approved_premises": 1,
    "temporary": 1,
}
UNRESOLVED_MIX = {"nfa": 6, "unknown": 3, "rough_sleeping": 1}
PARTIES = ("hacs", "carat", "probation", "cjit")
NAMES = ("Alex", "Sam", "Jo", "Chris", "Lee", "Pat", "Robin", "Kim", "Ashley", "Jamie")
SURNAMES = ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Khan", "Patel")
CHUNK = 5000


@dataclass
class Rows:
    """One chunk's rows, by table, inserted in foreign-key order."""

    case: list[dict[str, Any]] = field(default_factory=list)
    accommodation: list[dict[str, Any]] = field(default_factory=list)
    referral: list[dict[str, Any]] = field(default_factory=list)
    release_plan: list[dict[str, Any]] = field(default_factory=list)
    plan_signature: list[dict[str, Any]] = field(default_factory=list)
    handover: list[dict[str, Any]] = field(default_factory=list)
    tenancy_check: list[dict[str, Any]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.case)


class _Builder:
    def __init__(self, seed: int, today: date) -> None:
        from resettlement.policy import get_policy, get_reference

        self.rng = random.Random(seed)
        self.today = today
        self.policy = get_policy()
        reference = get_reference()
        self.prisons = sorted(reference.prisons.values(), key=lambda p: p.code)
        self.areas = sorted(reference.areas.values(), key=lambda a: a.code)
        self.region_of = {a.code: a.region for a in self.areas}
        self.areas_of: dict[str, list[str]] = {}
        for area in self.areas:
            self.areas_of.setdefault(area.region, []).append(area.code)
        self.now = datetime.combine(today, datetime.min.time(), tzinfo=UTC)

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def pick(self, mix: dict[str, int]) -> str:
        return self.rng.choices(list(mix), list(mix.values()))[0]

    def destination(self, region: str) -> str | None:
        roll = self.rng.random()
        if roll < NO_DESTINATION_SHARE:
            return None
        if roll < SAME_REGION_SHARE and self.areas_of.get(region):
            return self.rng.choice(self.areas_of[region])
        return self.rng.choice(self.areas).code

    def case(self, i: int, rows: Rows) -> None:
        rng = self.rng
        prison = rng.choice(self.prisons)
        row: dict[str, Any] = {
            "id": self.uid(),
            "prison_number": f"{chr(65 + i // 260_000 % 26)}{i % 10000:04d}"
            f"{chr(65 + i // 10000 % 26)}{chr(65 + i % 26)}",
            "given_name": rng.choice(NAMES),
            "family_name": rng.choice(SURNAMES),
            "date_of_birth": date(1960, 1, 1) + timedelta(days=rng.randint(0, 15000)),
            "gender": "male" if rng.random() < 0.96 else "female",
            "prison": prison.code,
            "destination_area": self.destination(prison.region),
            "prison_region": prison.region,
            "release_date_type": "CRD",
            "on_licence": rng.random() < 0.7,
            "episode": 1,
            "spectrum_stage": None,
            "consent_share_cjit": rng.random() < 0.8,
            "outcome": None,
            "created_at": self.now,
            "updated_at": self.now,
            "housing_ready_from": None,
        }
        area = row["destination_area"]
        row["destination_region"] = self.region_of[area] if area else None
        if rng.random() < COMMUNITY_SHARE:
            self.community(row, rows)
        else:
            self.custody(row, rows)
        rows.case.append(row)

    def housing(self, row: dict[str, Any], rows: Rows, days_to_release: int) -> bool:
        """Resolved with a probability rising to 71% on the release day; sets the case row."""
        reach = min(max(days_to_release, 0), PLAN_HORIZON_DAYS) / PLAN_HORIZON_DAYS
        resolved_p = RESOLVED_ON_RELEASE - (RESOLVED_ON_RELEASE - RESOLVED_AT_RECEPTION) * reach
        resolved = self.rng.random() < resolved_p
        release: date = row["release_date"]
        if resolved:
            start = release - timedelta(days=self.rng.randint(0, 28))
            row["housing_status"] = self.pick(RESOLVED_MIX)
            row["housing_ready_from"] = start
            rows.accommodation.append(
                {
                    "case_id": row["id"],
                    "housing_status": row["housing_status"],
                    "address": f"{self.rng.randint(1, 300)} High Street",
                    "provider": "Local authority" if self.rng.random() < 0.5 else "Family",
                    "start_date": start,
                    "confirmed": True,
                    "updated_at": self.now,
                    "updated_by": "generator",
                }
            )
        else:
            row["housing_status"] = self.pick(UNRESOLVED_MIX)
        return resolved

    def custody(self, row: dict[str, Any], rows: Rows) -> None:
        rng = self.rng
        if rng.random() < WITHIN_YEAR_SHARE:
            days = rng.randint(0, 365)
        else:
            days = rng.randint(366, 6 * 365)
        recalled = days > PLAN_HORIZON_DAYS and rng.random() < RECALLED_SHARE
        served = rng.randint(0, max(14, min(days, 3 * 365)))
        row["release_date"] = self.today + timedelta(days=days)
        row["reception_date"] = self.today - timedelta(days=served)
        resolved = self.housing(row, rows, days)
        if recalled:
            row["stage"], row["episode"] = "recalled", 2
        elif days <= PLAN_HORIZON_DAYS:
            row["stage"] = "plan_agreed" if rng.random() < 0.3 else "release_planning"
            self.plan(row, rows)
        elif served <= 14:
            row["stage"] = "received"
        else:
            row["stage"] = "case_managed" if rng.random() < 0.7 else "assessed"
        if not resolved and days <= REFER_WITHIN_DAYS and rng.random() < REFERRED_SHARE:
            referred = self.today - timedelta(days=rng.randint(0, 30))
            open_ = rng.random() < REFERRAL_OPEN_SHARE
            rows.referral.append(
                {
                    "id": self.uid(),
                    "case_id": row["id"],
                    "episode": row["episode"],
                    "local_authority": row["destination_area"] or "unknown",
                    "referred_on": referred,
                    "reference": f"DTR-{len(rows.referral):06d}",
                    "outcome": None if open_ else "accepted",
                    "outcome_on": None if open_ else referred + timedelta(days=7),
                    "recorded_by": "generator",
                }
            )

    def plan(self, row: dict[str, Any], rows: Rows) -> None:
        agreed = row["stage"] == "plan_agreed"
        plan_id = self.uid()
        rows.release_plan.append(
            {
                "id": plan_id,
                "case_id": row["id"],
                "episode": row["episode"],
                "version": 1,
                "status": "agreed" if agreed else "draft",
                "created_at": self.now,
                "agreed_at": self.now if agreed else None,
            }
        )
        for party in PARTIES:
            if agreed or self.rng.random() < 0.5:
                rows.plan_signature.append(
                    {
                        "id": self.uid(),
                        "plan_id": plan_id,
                        "party": party,
                        "signed_at": self.now,
                        "signed_by": "generator",
                    }
                )

    def community(self, row: dict[str, Any], rows: Rows) -> None:
        from resettlement.working_days import acceptance_deadline

        rng = self.rng
        ago = rng.randint(0, CHECK_WINDOW_DAYS)
        release = self.today - timedelta(days=ago)
        released_at = datetime.combine(release, datetime.min.time(), tzinfo=UTC) + timedelta(
            hours=9
        )
        row["release_date"] = release
        row["reception_date"] = release - timedelta(days=rng.randint(30, 3 * 365))
        resolved = self.housing(row, rows, 0)
        accept_by = acceptance_deadline(
            released_at, working_days=self.policy.handover.acceptance_working_days
        )
        accepted = rng.random() < ACCEPTED_SHARE and ago > 0
        recorded_any = False
        for offset in self.policy.tenancy_checks.days_after_release:
            due = release + timedelta(days=offset)
            recorded = accepted and due < self.today and rng.random() < CHECK_RECORDED_SHARE
            recorded_any |= recorded
            outcome = "sustained" if rng.random() < SUSTAINED_SHARE else "at_risk"
            rows.tenancy_check.append(
                {
                    "id": self.uid(),
                    "case_id": row["id"],
                    "episode": 1,
                    "day_offset": offset,
                    "due_on": due,
                    "outcome": outcome if recorded else None,
                    "notes": None,
                    "recorded_at": self.now if recorded else None,
                    "recorded_by": "generator" if recorded else None,
                }
            )
        row["stage"] = (
            "tenancy_monitoring" if recorded_any else "handed_over" if accepted else "released"
        )
        rows.handover.append(
            {
                "id": self.uid(),
                "case_id": row["id"],
                "episode": 1,
                "area": row["destination_area"],
                "status": "accepted" if accepted else "new",
                "packet": {"generated": True},
                "released_at": released_at,
                "housing_resolved_at_release": resolved,
                "created_at": released_at,
                "sent_at": released_at,
                "accept_by": accept_by,
                "accepted_at": released_at + timedelta(hours=4) if accepted else None,
                "accepted_by": "generator" if accepted else None,
                "delivery_state": "inbox_only",
                "delivery_attempts": 0,
            }
        )


def chunks(n: int, seed: int, today: date, chunk: int = CHUNK) -> Iterator[Rows]:
    """The caseload as chunks of at most `chunk` cases with everything hanging off them."""
    builder = _Builder(seed, today)
    rows = Rows()
    for i in range(n):
        builder.case(i, rows)
        if len(rows) == chunk:
            yield rows
            rows = Rows()
    if len(rows):
        yield rows


def build_caseload(engine: Engine, n: int, seed: int, today: date) -> dict[str, int]:
    """Insert N generated cases (and their rows) into a migrated database; counts by table
    and, as "stage:<name>", by stage."""
    from resettlement.storage.tables import (
        Accommodation,
        Case,
        Handover,
        PlanSignature,
        Referral,
        ReleasePlan,
        TenancyCheck,
    )

    tables: list[tuple[str, Any]] = [
        ("case", Case),
        ("accommodation", Accommodation),
        ("referral", Referral),
        ("release_plan", ReleasePlan),
        ("plan_signature", PlanSignature),
        ("handover", Handover),
        ("tenancy_check", TenancyCheck),
    ]
    counts: Counter[str] = Counter()
    for rows in chunks(n, seed, today):
        with engine.begin() as conn:
            for name, model in tables:
                batch = getattr(rows, name)
                if batch:
                    conn.execute(insert(model.__table__), batch)
                    counts[name] += len(batch)
        counts.update(f"stage:{row['stage']}" for row in rows.case)
    return dict(counts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--today", type=date.fromisoformat, default=None)
    args = parser.parse_args()
    from bench.common import (
        analyze,
        database_settings,
        emit,
        log,
        peak_rss_mb,
        seconds,
        use_database,
    )

    engine = use_database(args.database_url, Path.cwd())
    from resettlement import clock

    today = args.today or clock.today()
    log(f"generating {args.cases} cases (seed {args.seed}) into {engine.url}")
    elapsed, counts = seconds(lambda: build_caseload(engine, args.cases, args.seed, today))
    analyze(engine)
    emit(
        {
            "cases": args.cases,
            "seed": args.seed,
            "today": today.isoformat(),
            "database": engine.dialect.name,
            "rows": counts,
            "generate_s": round(elapsed, 2),
            "peak_rss_mb": peak_rss_mb(),
            "settings": database_settings(engine),
        }
    )


if __name__ == "__main__":
    main()
