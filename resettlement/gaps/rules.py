"""The gaps of one area, as a pure rule (the oracle of gaps/sql.py, held equal by
tests/gaps/test_sql_twin.py): the releasing cases, the area's services, the places held.

For each service holding places, `free(s, d)` is its capacity less the placements holding a
place on day d (catalogue/rules.holds_place_on). Then, over the area's releasing cases:

- `no_suitable_service`: cases no active service of the area could take, places aside;
- `free_places`: per service, the most places free on any of the cases' release days (today
  when there are none), summed;
- `eligible_places`: per service, the smaller of the cases it could take with a place free on
  their release day and the most places free on those days, summed;
- `gap` = max(0, releasing cases - eligible_places).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from resettlement.catalogue.rules import ServiceFacts, holds_place_on
from resettlement.matching.rules import Person, structural_reasons


@dataclass(frozen=True)
class HeldPlace:
    service_id: str
    status: str
    start_date: date
    end_date: date | None


@dataclass(frozen=True)
class AreaGap:
    releasing_unresolved: int
    free_places: int
    eligible_places: int
    gap: int
    no_suitable_service: int


def free_on(service: ServiceFacts, placements: Sequence[HeldPlace], day: date) -> int:
    held = sum(
        holds_place_on(status=p.status, start_date=p.start_date, end_date=p.end_date, day=day)
        for p in placements
        if p.service_id == service.id
    )
    return max(0, service.capacity - held)


def takes(person: Person, service: ServiceFacts) -> bool:
    assert person.release_date is not None
    # The area rule is left out: a gap counts the services of the person's own area.
    return not [
        r
        for r in structural_reasons(person, service, person.release_date)
        if not r.startswith("area:")
    ]


def area_gap(
    people: Sequence[Person],
    services: Sequence[ServiceFacts],
    placements: Sequence[HeldPlace],
    today: date,
) -> AreaGap:
    """People: the area's releasing cases with housing unresolved (release dates set)."""
    active = [s for s in services if s.active]
    places = [s for s in active if s.holds_places and s.capacity > 0]
    days = sorted({p.release_date for p in people if p.release_date is not None}) or [today]
    free_places = sum(max(free_on(s, placements, d) for d in days) for s in places)
    eligible = 0
    for s in places:
        frees = [
            free_on(s, placements, p.release_date)  # type: ignore[arg-type]
            for p in people
            if takes(p, s)
        ]
        eligible += min(sum(1 for f in frees if f > 0), max(frees, default=0))
    none = sum(1 for p in people if not any(takes(p, s) for s in active))
    return AreaGap(len(people), free_places, eligible, max(0, len(people) - eligible), none)
