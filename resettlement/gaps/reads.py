"""GET /gaps: per destination area of a region (or every area, for an admin), the releases in
the next N weeks with housing unresolved, the free places of the area's services on their
release days, the gap and who no service could take at all; the weekly forecast; and the
outcomes by kind of service. Computed from the records at request time (gaps/sql.py).

`gap` = max(0, releasing_unresolved - eligible places), where eligible places sums, over the
area's services, the smaller of: the cases it could take with a place free on their release
day, and the most places it has free on those days. A case two services could take counts at
each, so the gap is the least number who will be left without a place.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlmodel import Session

from resettlement.access.users import Principal
from resettlement.gaps import sql
from resettlement.gaps.outcomes import outcomes_by_kind
from resettlement.pipeline.reads import pipeline_region, week_starts
from resettlement.policy import Reference


def compute_gaps(
    session: Session,
    principal: Principal,
    *,
    region: str | None,
    weeks: int,
    reference: Reference,
    today: date,
) -> dict[str, Any]:
    region = pipeline_region(principal, region, reference)
    areas = sorted(a.code for a in reference.areas.values() if region in (None, a.region))
    end = today + timedelta(weeks=weeks)
    starts = week_starts(today, weeks)
    found = sql.figures(session, areas, today, end, starts)
    places: dict[str, int] = {}
    takeable: dict[str, int] = {}
    for area, free, n, most in found.services.values():
        places[area] = places.get(area, 0) + free
        takeable[area] = takeable.get(area, 0) + min(n, most)
    rows = []
    for area in areas:
        count, none = found.releasing.get(area, (0, 0))
        rows.append(
            {
                "area": area,
                "name": reference.areas[area].name,
                "releasing_unresolved": count,
                "free_places": places.get(area, 0),
                "eligible_places": takeable.get(area, 0),
                "gap": max(0, count - takeable.get(area, 0)),
                "no_suitable_service": none,
            }
        )
    need = found.week_releasing
    week_places = found.week_free
    return {
        "region": region,
        "as_of": today,
        "weeks": weeks,
        "areas": rows,
        "forecast": [
            {"week_start": w, "releasing_unresolved": need[w], "free_places": week_places[w]}
            for w in starts
        ],
        "outcomes": outcomes_by_kind(session, areas),
    }
