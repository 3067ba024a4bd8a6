"""The gaps as set-based SQL over the records (twin of gaps/rules.py; tests/gaps/
test_sql_twin.py holds them equal): one statement whatever the caseload.

- `figures`: reads each releasing case of the region once and gives, per destination area,
  the custody cases releasing in the window with housing unresolved and how many of them no
  active service of the area could take at all; per service holding places, the most places
  it has free on any release day of its area's releasing cases (or today, when none), how
  many of those cases it could take with a place free on their release day, and the most
  places it has free on those days; and per forecast week, the releasing unresolved and the
  places of the services free on its first day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    String,
    and_,
    case,
    func,
    literal,
    not_,
    or_,
    select,
    text,
    union_all,
)
from sqlmodel import Session, col

from resettlement.housing.sql import housing_resolved_clause
from resettlement.matching.sql import person_columns, service_columns, takes_clause
from resettlement.storage.tables import Case, Placement, Service
from resettlement.vocabulary import CUSTODY_STAGES, HOLDING_STATUSES


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


@dataclass(frozen=True)
class Figures:
    """What one statement over the region's rows gives `GET /gaps`."""

    releasing: dict[str, tuple[int, int]]  # area -> (releasing unresolved, none could take)
    # service id (holding places) -> (area, most free on a release day of its area (today when
    # none), cases it could take with a place free on their day, most free on those days)
    services: dict[str, tuple[str, int, int, int]]
    week_releasing: dict[date, int]  # week start -> releasing unresolved that week
    week_free: dict[date, int]  # week start -> places of the areas' services free that day


# Before and after any held place: the steps' outer bounds (dates compare alike as SQLite's
# ISO text and PostgreSQL's dates).
FIRST, LAST = date(1, 1, 1), date(9999, 12, 31)


def _steps(svc: Any) -> Any:
    """Each place-holding service's places left as steps (k, an, lo, hi, left): `left` on
    every day of [lo, hi), the steps of a service covering every day. One ordered pass over
    its held places (a running sum of +1 at each start and -1 at each end, twin of
    holds_place_on) from a first step at FIRST with nothing held; read at any day by the
    step around it (`_around`), so the pass sorts the ~6,000 starts and ends of a region,
    not every (service, day) asked. `svc`: the areas' active services (id, k, an,
    capacity), each service's facts carried along, as SQLite would scan a materialised
    table per row to join them back."""
    places = svc.c.capacity > 0
    # The areas' services first, then their placements (ix_placement_service_status).
    held = (
        select(svc.c.k, svc.c.an, svc.c.capacity, col(Placement.start_date).label("start"))
        .add_columns(col(Placement.end_date).label("stop"))
        .join(Placement, col(Placement.service_id) == svc.c.id)
        .where(
            places,
            col(Placement.status).in_(sorted(s.value for s in HOLDING_STATUSES)),
            or_(
                col(Placement.end_date).is_(None),
                col(Placement.end_date) > col(Placement.start_date),
            ),
        )
        .subquery("held")
    )
    facts = (held.c.k, held.c.an, held.c.capacity)
    events = union_all(
        select(svc.c.k, svc.c.an, svc.c.capacity, literal(FIRST, Date).label("day"))
        .add_columns(literal(0).label("delta"))
        .where(places),
        select(*facts, held.c.start, literal(1)),
        select(*facts, held.c.stop, literal(-1)).where(held.c.stop.is_not(None)),
    ).subquery("events")
    k, an, capacity, day, delta = list(events.c)
    steps = (
        select(k, an, capacity, day, func.sum(delta).label("delta"))
        .group_by(k, an, capacity, day)
        .subquery("steps")
    )
    by_service, by_day = steps.c.k, steps.c.day
    return (
        select(
            steps.c.k,
            steps.c.an,
            steps.c.day.label("lo"),
            func.coalesce(
                func.lead(by_day).over(partition_by=by_service, order_by=by_day),
                literal(LAST, Date),
            ).label("hi"),
            (
                steps.c.capacity
                - func.sum(steps.c.delta).over(
                    partition_by=by_service, order_by=by_day, rows=(None, 0)
                )
            ).label("left"),
        )
        .cte("steps")
        .prefix_with("MATERIALIZED")
    )


def _around(steps: Any, day: Any) -> ColumnElement[bool]:
    """The step holding `day`."""
    return and_(steps.c.lo <= day, day < steps.c.hi)


def figures(
    session: Session, areas: list[str], start: date, end: date, weeks: list[date]
) -> Figures:
    """One statement, each releasing case read once (a materialised CTE):

    - `rel`: the releasing unresolved cases of `[start, end)` and of the forecast's weeks, with
      their facts as the pair test reads them (matching/sql.person_columns), computed once,
      numbered (`k`: the pairs are kept by integer keys, not the text ids);
    - `svc`: the areas' active services, likewise; `steps`: each place-holding service's places
      left, as steps read at the release days of its area, today and the weeks' first days;
    - `takers`, `pairs`: the (case, service) pairs the structural rules allow, and their
      count per service and release day.
    """
    if session.get_bind().dialect.name == "postgresql":
        # The (case, service) pairs and their counts per (service, day) are hashed in memory,
        # not spilled to disk in batches as the 4 MB default would.
        session.execute(text("SET LOCAL work_mem = '32MB'"))
    lo = min(start, weeks[0]) if weeks else start
    hi = max(end, weeks[-1] + timedelta(days=7)) if weeks else end
    day = col(Case.release_date)
    in_window = and_(day >= start, day < end)
    # Each area by number, compared and sorted as an integer in the pairs' join and the steps.
    numbers = {area: i for i, area in enumerate(areas)}
    read = (
        select(
            col(Case.destination_area).label("area"),
            case(numbers, value=col(Case.destination_area), else_=-1).label("an"),
            day.label("day"),
            case((in_window, 1), else_=0).label("now"),
            *person_columns(Case, day),
        )
        .where(releasing_clause(areas, lo, hi))
        .cte("read")
        .prefix_with("MATERIALIZED")
    )
    # Numbered apart from the read: a window over the read itself keeps PostgreSQL from
    # reading the cases in parallel.
    rel = (
        select(func.row_number().over().label("k"), *read.c).cte("rel").prefix_with("MATERIALIZED")
    )
    svc = (
        select(
            col(Service.id),
            func.row_number().over().label("k"),
            col(Service.area),
            case(numbers, value=col(Service.area), else_=-1).label("an"),
            col(Service.capacity),
            *service_columns(Service),
        )
        .where(col(Service.area).in_(areas), col(Service.active).is_(True))
        .cte("svc")
        .prefix_with("MATERIALIZED")
    )
    steps = _steps(svc)
    left = case((steps.c.left > 0, steps.c.left), else_=0)
    # Every (case, active service of its area) that could take it, places aside: few, and
    # read twice (who no service could take; per place-holding service and day, how many).
    takers = (
        select(rel.c.k.label("ck"), rel.c.day, svc.c.k.label("sk"), svc.c.capacity)
        .join(svc, and_(svc.c.an == rel.c.an, takes_clause(rel.c, svc.c)))
        .where(rel.c.now == 1)
        .cte("takers")
        .prefix_with("MATERIALIZED")
    )
    pairs = (
        select(takers.c.sk, takers.c.day, func.count().label("n"))
        .where(takers.c.capacity > 0)
        .group_by(takers.c.sk, takers.c.day)
        .cte("pairs")
    )
    eligible = (
        select(
            pairs.c.sk,
            func.sum(case((steps.c.left > 0, pairs.c.n), else_=0)).label("n"),
            func.max(left).label("most"),
        )
        .join(steps, and_(steps.c.k == pairs.c.sk, _around(steps, pairs.c.day)))
        .group_by(pairs.c.sk)
        .subquery("eligible")
    )
    # Per step, the first release day of its area on or after its start (a running minimum
    # over the area's release days and steps, latest first): a step holding a release day
    # holds that one.
    nothing = literal(None, String)
    marked = union_all(
        select(
            rel.c.an,
            rel.c.day,
            literal(1).label("is_day"),
            literal(None, Integer).label("k"),
            literal(None, Date).label("hi"),
            literal(None, Integer).label("left"),
        )
        .where(rel.c.now == 1)
        .group_by(rel.c.an, rel.c.day),
        select(steps.c.an, steps.c.lo, literal(0), steps.c.k, steps.c.hi, steps.c.left),
    ).subquery("marked")
    m_an, m_day, is_day, m_k, m_hi, m_left = list(marked.c)
    next_day = func.min(case((is_day == 1, m_day))).over(
        partition_by=m_an, order_by=(m_day.desc(), is_day.desc()), rows=(None, 0)
    )
    ahead = select(
        m_k.label("k"),
        m_day.label("lo"),
        m_hi.label("hi"),
        case((m_left > 0, m_left), else_=0).label("left"),
        is_day.label("is_day"),
        next_day.label("next_day"),
    ).subquery("ahead")
    today = literal(start, Date)
    most = (
        select(
            ahead.c.k,
            func.max(case((ahead.c.next_day < ahead.c.hi, ahead.c.left))).label("most"),
            func.max(case((and_(ahead.c.lo <= today, today < ahead.c.hi), ahead.c.left))).label(
                "today"
            ),
        )
        .where(ahead.c.is_day == 0)
        .group_by(ahead.c.k)
        .subquery("most")
    )
    per_service = (
        select(
            literal("s").label("kind"),
            svc.c.id.label("key"),
            svc.c.area.label("area"),
            func.coalesce(most.c.most, most.c.today, 0).label("a"),
            func.coalesce(eligible.c.n, 0).label("b"),
            func.coalesce(eligible.c.most, 0).label("c"),
        )
        .outerjoin(most, most.c.k == svc.c.k)
        .outerjoin(eligible, eligible.c.sk == svc.c.k)
        .where(svc.c.capacity > 0)
    )
    taken = rel.c.k.in_(select(takers.c.ck))
    per_area = (
        select(
            literal("a"),
            literal(None, String),
            rel.c.area,
            func.count(),
            func.sum(case((taken, 0), else_=1)),
            literal(0),
        )
        .where(rel.c.now == 1)
        .group_by(rel.c.area)
    )
    parts = [per_service, per_area]
    if weeks:
        week = case(
            *(
                (and_(rel.c.day >= w, rel.c.day < w + timedelta(days=7)), i)
                for i, w in enumerate(weeks)
            ),
            else_=-1,
        )
        parts.append(
            select(literal("w"), nothing, nothing, week, func.count(), literal(0)).group_by(week)
        )
        # Each week's first day: the places free then, from the same steps.
        firsts = union_all(
            *(
                select(literal(w, Date).label("day"), literal(i).label("i"))
                for i, w in enumerate(weeks)
            )
        ).subquery("firsts")
        parts.append(
            select(literal("f"), nothing, nothing, firsts.c.i, func.sum(left), literal(0))
            .select_from(firsts)
            .join(steps, _around(steps, firsts.c.day))
            .group_by(firsts.c.i)
        )
    found: dict[str, Any] = {"a": {}, "s": {}, "w": {}, "f": {}}
    for kind, key, area, a, b, c in session.execute(union_all(*parts)):
        if kind == "s":
            found["s"][key] = (area, int(a), int(b), int(c))
        elif kind == "a":
            found["a"][area] = (int(a), int(b))
        elif int(a) >= 0:
            found[kind][weeks[int(a)]] = int(b or 0)
    return Figures(
        found["a"],
        found["s"],
        {w: found["w"].get(w, 0) for w in weeks},
        {w: found["f"].get(w, 0) for w in weeks},
    )
