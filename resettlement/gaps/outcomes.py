"""What commissioners collect by kind of service: people placed, and of them how many were
still housed (sustained or at risk, not lost) at the 28- and 91-day tenancy checks."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from resettlement.storage.tables import Placement, Service, TenancyCheck
from resettlement.vocabulary import HOLDING_STATUSES, ServiceKind, TenancyOutcome

HOUSED = (TenancyOutcome.sustained.value, TenancyOutcome.at_risk.value)
CHECK_DAYS = (28, 91)


def outcomes_by_kind(session: Session, areas: list[str]) -> list[dict[str, Any]]:
    """Per kind of service of these areas: placed, and checked and housed at days 28 and 91."""
    checks = {day: aliased(TenancyCheck) for day in CHECK_DAYS}
    query = select(col(Service.kind), func.count(func.distinct(col(Placement.id))))
    for check in checks.values():
        done = col(check.outcome).is_not(None)
        housed = col(check.outcome).in_(HOUSED)
        query = query.add_columns(
            func.count(func.distinct(case((done, col(check.id))))),
            func.count(func.distinct(case((housed, col(check.id))))),
        )
    query = query.select_from(Placement).join(Service, col(Service.id) == col(Placement.service_id))
    for day, check in checks.items():
        query = query.outerjoin(
            check,
            and_(
                col(check.case_id) == col(Placement.case_id),
                col(check.episode) == col(Placement.episode),
                col(check.day_offset) == day,
            ),
        )
    rows = session.execute(
        query.where(
            col(Service.area).in_(areas),
            # the areas' services first, then their placements (ix_placement_service_status)
            col(Placement.service_id).in_(
                select(col(Service.id)).where(col(Service.area).in_(areas))
            ),
            col(Placement.status).in_(sorted(s.value for s in HOLDING_STATUSES)),
        ).group_by(col(Service.kind))
    ).all()
    found = {kind: values for kind, *values in rows}
    out = []
    for kind in ServiceKind:
        placed, c28, h28, c91, h91 = found.get(kind.value, (0, 0, 0, 0, 0))
        out.append(
            {
                "kind": kind.value,
                "placed": int(placed),
                "checked_28": int(c28),
                "housed_28": int(h28),
                "checked_91": int(c91),
                "housed_91": int(h91),
            }
        )
    return out
