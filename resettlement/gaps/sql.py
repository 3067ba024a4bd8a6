"""The gaps as set-based SQL over the records (twin of gaps/rules.py; tests/gaps/
test_sql_twin.py holds them equal): a handful of statements whatever the caseload.

- `releasing`: per destination area, the custody cases releasing in the window with housing
  unresolved, and how many of them no active service of the area could take at all.
- `area_free`: per service holding places, the most places it has free on any release day of
  its area's releasing cases (or today, when none).
- `eligible_free`: per service, how many of those cases it could take with a place free on
  their release day, and the most places it has free on those days.
- `week_free`: per week, the places of the services free on its first day.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    and_,
    case,
    exists,
    func,
    literal,
    not_,
    select,
    true,
    union,
)
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from resettlement.catalogue.sql import holds_place_clause
from resettlement.housing.sql import housing_resolved_clause
from resettlement.matching.sql import structural_clause
from resettlement.storage.tables import Case, Placement, Service
from resettlement.vocabulary import CUSTODY_STAGES


def releasing_clause(areas: list[str], start: date, end: date) -> ColumnElement[bool]:
    """Custody cases of these destination areas releasing in [start, end), housing unresolved."""
    return and_(
        col(Case.destination_area).in_(areas),
        col(Case.stage).in_(sorted(s.value for s in CUSTODY_STAGES)),
        col(Case.release_date) >= start,
        col(Case.release_date) < end,
        not_(housing_resolved_clause()),
    )


def place_services(areas: list[str]) -> ColumnElement[bool]:
    return and_(
        col(Service.area).in_(areas), col(Service.active).is_(True), col(Service.capacity) > 0
    )


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _free(day: Any) -> ColumnElement[int]:
    """Places of the Service row free on `day` (never below 0)."""
    held = (
        select(func.count())
        .where(col(Placement.service_id) == col(Service.id), holds_place_clause(day))
        .scalar_subquery()
    )
    left = col(Service.capacity) - held
    return case((left > 0, left), else_=0)


def releasing(
    session: Session, areas: list[str], start: date, end: date
) -> dict[str, tuple[int, int]]:
    """area -> (releasing unresolved, of whom no active service of the area could take)."""
    s = aliased(Service)
    takes = exists().where(
        col(s.area) == col(Case.destination_area),
        col(s.active).is_(True),
        structural_clause(Case, s, col(Case.release_date)),
    )
    rows = session.execute(
        select(
            col(Case.destination_area),
            func.count(),
            func.coalesce(func.sum(case((takes, 0), else_=1)), 0),
        )
        .where(releasing_clause(areas, start, end))
        .group_by(col(Case.destination_area))
    )
    return {area: (int(n), int(none)) for area, n, none in rows}


def area_free(
    session: Session, areas: list[str], start: date, end: date, today: date
) -> dict[str, int]:
    """service id -> the most places free on any release day of its area's releasing cases
    (today's free places when its area has none)."""
    days = (
        select(col(Case.destination_area).label("area"), col(Case.release_date).label("day"))
        .where(releasing_clause(areas, start, end))
        .distinct()
        .subquery("days")
    )
    has_days = exists().where(days.c.area == col(Service.area))
    on_days = session.execute(
        select(col(Service.id), func.max(_free(days.c.day)))
        .join(days, days.c.area == col(Service.area))
        .where(place_services(areas))
        .group_by(col(Service.id))
    )
    today_free = session.execute(
        select(col(Service.id), _free(literal(today, Date))).where(
            place_services(areas), not_(has_days)
        )
    )
    return {sid: int(n) for sid, n in [*on_days, *today_free]}


def eligible_free(
    session: Session, areas: list[str], start: date, end: date
) -> dict[str, tuple[int, int]]:
    """service id -> (cases it could take with a place free on their release day, the most
    places it has free on those days)."""
    pairs = (
        select(
            col(Service.id).label("sid"),
            col(Case.release_date).label("day"),
            func.count().label("n"),
        )
        .join(
            Service,
            and_(
                col(Service.area) == col(Case.destination_area),
                place_services(areas),
                structural_clause(Case, Service, col(Case.release_date)),
            ),
        )
        .where(releasing_clause(areas, start, end))
        .group_by(col(Service.id), col(Case.release_date))
        .subquery("pairs")
    )
    free = _free(pairs.c.day)
    per_day = (
        select(pairs.c.sid, pairs.c.n, free.label("free"))
        .join(Service, col(Service.id) == pairs.c.sid)
        .subquery("per_day")
    )
    rows = session.execute(
        select(
            per_day.c.sid,
            func.sum(case((per_day.c.free > 0, per_day.c.n), else_=0)),
            func.max(per_day.c.free),
        ).group_by(per_day.c.sid)
    )
    return {sid: (int(n or 0), int(f or 0)) for sid, n, f in rows}


def week_free(session: Session, areas: list[str], weeks: list[date]) -> dict[date, int]:
    """Week start -> the places of the areas' services free that day."""
    days = union(*(select(literal(w, Date).label("day")) for w in weeks)).subquery("weeks")
    rows = session.execute(
        select(days.c.day, func.sum(_free(days.c.day)))
        .select_from(Service)
        .join(days, true())
        .where(place_services(areas))
        .group_by(days.c.day)
    )
    found = {_as_date(day): int(n or 0) for day, n in rows}
    return {w: found.get(w, 0) for w in weeks}


def week_releasing(session: Session, areas: list[str], weeks: list[date]) -> dict[date, int]:
    """Week start -> the releasing unresolved cases whose release day falls in that week."""
    end = weeks[-1].toordinal() + 7
    columns = [
        func.coalesce(
            func.sum(
                case(
                    (
                        and_(
                            col(Case.release_date) >= w,
                            col(Case.release_date) < date.fromordinal(w.toordinal() + 7),
                        ),
                        1,
                    ),
                    else_=0,
                )
            ),
            0,
        )
        for w in weeks
    ]
    counts = session.execute(
        select(*columns).where(releasing_clause(areas, weeks[0], date.fromordinal(end)))
    ).one()
    return {w: int(n) for w, n in zip(weeks, counts, strict=True)}
