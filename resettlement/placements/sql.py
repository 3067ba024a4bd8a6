"""SQL twins of the placement rules (placements/rules.py) for the daily sweep."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlmodel import col

from resettlement.cases.partition import region_clause
from resettlement.clock import LONDON
from resettlement.placements.rules import last_overdue_request_day
from resettlement.policy import PlacementPolicy
from resettlement.storage.tables import Case, Placement
from resettlement.vocabulary import FINAL_STAGES, PlacementStatus


def _end_of(day: date) -> Any:
    from datetime import datetime, time

    return datetime.combine(day + timedelta(days=1), time(0), LONDON)


def requests_to_chase(
    today: date, policy: PlacementPolicy, region: str | None
) -> Select[str, str, int, Any]:
    """SQL twin of `reply_overdue`: (placement id, case id, episode, requested_at) of each
    placement still requested whose reply day has ended (of `region`'s cases, when given)."""
    made_by = _end_of(last_overdue_request_day(today, policy))
    return (
        select(
            col(Placement.id),
            col(Placement.case_id),
            col(Placement.episode),
            col(Placement.requested_at),
        )
        .join(Case, col(Case.id) == col(Placement.case_id))
        .where(
            col(Placement.status) == PlacementStatus.requested.value,
            col(Placement.requested_at) < made_by,
            region_clause(region),
        )
    )


def left_the_path_clause() -> Any:
    """The placement's case ended (closed, withdrawn) or began a new custody episode."""
    return or_(
        col(Case.stage).in_(sorted(s.value for s in FINAL_STAGES)),
        col(Case.episode) > col(Placement.episode),
    )


def stale_placements(statuses: list[PlacementStatus], region: str | None) -> Any:
    """Placement ids in `statuses` whose case left the path (of `region`'s cases, when given)."""
    return (
        select(col(Placement.id))
        .join(Case, col(Case.id) == col(Placement.case_id))
        .where(
            and_(
                col(Placement.status).in_([s.value for s in statuses]),
                left_the_path_clause(),
                region_clause(region),
            )
        )
    )
