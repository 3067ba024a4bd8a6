"""The ROM's pipeline for a region, or nationally: counted by SQL over the records when asked.

Nothing is a stored counter. Region membership: a case is in a region when its prison or its
destination area is (the rule of a ROM's scope and of `GET /cases?region=`, so every number can
be drilled into from the case list; nationally every case counts once).

- `stages`: cases per stage.
- `releasing_unresolved`: custody cases with housing unresolved, per week of release date, for
  `pipeline.weeks_ahead` weeks from this week's Monday.
- `overdue_tasks`: open tasks past their due time (and by prison and team).
- KPIs over the releases of the last `pipeline.kpi_window_days` (one handover per release):
  accommodated on release = housing resolved on the first night / releases; settled at N days =
  N-day checks recorded `sustained` / N-day checks recorded; accepted within SLA = handovers
  accepted by their deadline / handovers accepted or past their deadline; needs met at release
  = needs recorded before a release that were met at it / those needs, declined ones left out
  (the person said no), overall and by pathway. Null with no denominator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, not_, or_, select
from sqlmodel import Session, col

from resettlement.access.scope import region_scope, require_role
from resettlement.access.users import Principal
from resettlement.errors import Forbidden, InvalidInput
from resettlement.housing.sql import housing_resolved_clause
from resettlement.policy import Policy, Reference
from resettlement.storage.tables import Case, Handover, Need, Task, TenancyCheck
from resettlement.vocabulary import (
    CUSTODY_STAGES,
    NeedStatus,
    Pathway,
    Role,
    Stage,
    TaskStatus,
    TenancyOutcome,
)


def pct(numerator: int, denominator: int) -> float | None:
    """A percentage to one decimal place; None when there is nothing to divide by."""
    return round(100 * numerator / denominator, 1) if denominator else None


def week_starts(today: date, weeks: int) -> list[date]:
    """This week's Monday and the Mondays after it."""
    monday = today - timedelta(days=today.weekday())
    return [monday + timedelta(weeks=n) for n in range(weeks)]


def pipeline_region(principal: Principal, region: str | None, reference: Reference) -> str | None:
    """The region the caller may see: a ROM their own, an admin any (None = national)."""
    require_role(principal, Role.rom)
    if region is not None and region not in reference.regions:
        raise InvalidInput.one("region", f"unknown region code {region!r}")
    if principal.role == Role.rom:
        if region is not None and region != principal.scope:
            raise Forbidden(f"a rom sees the pipeline of their own region ({principal.scope})")
        return principal.scope
    return region


def _count_if(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


@dataclass
class Pipeline:
    region: str | None
    as_of: datetime
    stages: dict[str, int]
    releasing_unresolved: list[dict[str, Any]]
    overdue_tasks: int
    overdue_by_prison_team: list[dict[str, Any]]
    kpis: dict[str, float | None]
    kpi_counts: dict[str, dict[str, int]] = field(default_factory=dict)
    kpi_window: dict[str, str] = field(default_factory=dict)
    needs_met_at_release: list[dict[str, Any]] = field(default_factory=list)


def _stages(session: Session, where: ColumnElement[bool]) -> dict[str, int]:
    counts = dict.fromkeys((s.value for s in Stage), 0)
    rows = session.execute(select(col(Case.stage), func.count()).where(where).group_by(Case.stage))
    counts.update({stage: int(n) for stage, n in rows})
    return counts


def _releasing_unresolved(
    session: Session, where: ColumnElement[bool], starts: list[date]
) -> list[dict[str, Any]]:
    release = col(Case.release_date)
    columns = [
        _count_if(and_(release >= s, release < s + timedelta(weeks=1))).label(f"w{i}")
        for i, s in enumerate(starts)
    ]
    counts = session.execute(
        select(*columns).where(
            where,
            col(Case.stage).in_([s.value for s in CUSTODY_STAGES]),
            not_(housing_resolved_clause()),
            release >= starts[0],
            release < starts[-1] + timedelta(weeks=1),
        )
    ).one()
    return [
        {"week_start": s.isoformat(), "count": int(n)} for s, n in zip(starts, counts, strict=True)
    ]


def _overdue(
    session: Session, where: ColumnElement[bool], now: datetime
) -> tuple[int, list[dict[str, Any]]]:
    rows = session.execute(
        select(col(Case.prison), col(Task.team), func.count())
        .join(Case, col(Case.id) == col(Task.case_id))
        .where(where, col(Task.status) == TaskStatus.open.value, col(Task.due_at) < now)
        .group_by(col(Case.prison), col(Task.team))
        .order_by(func.count().desc(), col(Case.prison), col(Task.team))
    ).all()
    by = [{"prison": prison, "team": team, "count": int(n)} for prison, team, n in rows]
    return sum(item["count"] for item in by), by


def _kpi_counts(
    session: Session, where: ColumnElement[bool], now: datetime, since: datetime, policy: Policy
) -> dict[str, dict[str, int]]:
    accepted_in_time = and_(
        col(Handover.accepted_at).is_not(None), col(Handover.accepted_at) <= col(Handover.accept_by)
    )
    decided = or_(col(Handover.accepted_at).is_not(None), col(Handover.accept_by) < now)
    releases, housed, in_time, judged = session.execute(
        select(
            func.count(),
            _count_if(col(Handover.housing_resolved_at_release).is_(True)),
            _count_if(accepted_in_time),
            _count_if(decided),
        )
        .join(Case, col(Case.id) == col(Handover.case_id))
        .where(where, col(Handover.released_at) >= since, col(Handover.released_at) <= now)
    ).one()
    day = policy.pipeline.settled_check_day
    settled, recorded = session.execute(
        select(_count_if(col(TenancyCheck.outcome) == TenancyOutcome.sustained.value), func.count())
        .join(Case, col(Case.id) == col(TenancyCheck.case_id))
        .where(
            where,
            col(TenancyCheck.day_offset) == day,
            col(TenancyCheck.outcome).is_not(None),
            col(TenancyCheck.due_on) >= since.date(),
        )
    ).one()
    return {
        "accommodated_on_release_pct": {"numerator": int(housed), "denominator": int(releases)},
        # The contract's name; the check it counts is policy (pipeline.settled_check_day).
        "settled_at_91_days_pct": {
            "numerator": int(settled),
            "denominator": int(recorded),
            "check_day": day,
        },
        "handover_accepted_within_sla_pct": {"numerator": int(in_time), "denominator": int(judged)},
    }


def _needs_at_release(
    session: Session, where: ColumnElement[bool], now: datetime, since: datetime
) -> list[dict[str, Any]]:
    """Per pathway: needs of the releases in the window, met at the release / not declined."""
    counted = and_(
        col(Need.status_at_release).is_not(None),
        col(Need.status_at_release) != NeedStatus.declined.value,
    )
    rows = session.execute(
        select(
            col(Need.pathway),
            _count_if(col(Need.status_at_release) == NeedStatus.met.value),
            func.count(),
        )
        .join(
            Handover,
            and_(
                col(Handover.case_id) == col(Need.case_id),
                col(Handover.episode) == col(Need.episode),
            ),
        )
        .join(Case, col(Case.id) == col(Need.case_id))
        .where(where, counted, col(Handover.released_at) >= since, col(Handover.released_at) <= now)
        .group_by(col(Need.pathway))
    ).all()
    found = {pathway: (int(met), int(total)) for pathway, met, total in rows}
    return [
        {"pathway": p.value, "met": m, "needs": n, "pct": pct(m, n)}
        for p in Pathway
        for m, n in [found.get(p.value, (0, 0))]
    ]


def compute_pipeline(
    session: Session, *, region: str | None, now: datetime, today: date, policy: Policy
) -> Pipeline:
    """Every number of the pipeline, from the records as they are now."""
    where = region_scope(region)
    since = now - timedelta(days=policy.pipeline.kpi_window_days)
    overdue, by_prison_team = _overdue(session, where, now)
    counts = _kpi_counts(session, where, now, since, policy)
    by_pathway = _needs_at_release(session, where, now, since)
    counts["needs_met_at_release_pct"] = {
        "numerator": sum(row["met"] for row in by_pathway),
        "denominator": sum(row["needs"] for row in by_pathway),
    }
    return Pipeline(
        region=region,
        as_of=now,
        stages=_stages(session, where),
        releasing_unresolved=_releasing_unresolved(
            session, where, week_starts(today, policy.pipeline.weeks_ahead)
        ),
        overdue_tasks=overdue,
        overdue_by_prison_team=by_prison_team,
        kpis={name: pct(c["numerator"], c["denominator"]) for name, c in counts.items()},
        kpi_counts=counts,
        kpi_window={"from": since.isoformat(), "to": now.isoformat()},
        needs_met_at_release=by_pathway,
    )
