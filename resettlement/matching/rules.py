"""Which services could take this person, best first, and for every other service every reason.

Pure: the day, the person and the services (with their free places on the person's release
day) in, the ranked matches out. The rules, each named in its reasons:

- **area**: the service is in the person's destination area or elsewhere in its region.
- **gender**, **age** (on the release day), **licence** (a service may not take people on licence).
- **spectrum stage**: the person's stage is one the service suits. A stage not known to the
  matcher (not assessed, or not visible to the caller: access/visibility.py) is treated as
  possibly in recovery: only services that suit both recovery stages are open. So a person in
  recovery (`recently_abstinent_vulnerable`, `abstinent_potentially_vulnerable`) is never
  matched to a service that leaves their stage out.
- **risk factor**: none of the person's risk factors is one the service excludes.
- **support level**: the service provides at least the support the person needs.
- **no free place**: a service holding places has one free on the release day (floating support
  holds none and is not limited by places).

Eligible services rank: destination area before the rest of the region; places before floating
support; the closest support level at or above the need; more free places; direct access, then
referral, then a waiting list; then by name.

Deciding: every rule but area, age and the free place is one integer test, the person's packed
`want` against the service's packed `offer` (catalogue/masks.py); the words of the reasons are
written by `structural_reasons` once per kind of refusal in a call (which bits are missing, the
area, the age limits broken), so ~2,000 services cost one test each and a few dozen sets of
words. tests/matching/test_rules.py holds `match` equal to `structural_reasons` service by
service. `sql.takes_clause` over `sql.person_columns` and `sql.service_columns` is the SQL twin
of the packed test with age (tests/matching/test_sql_twin.py holds them equal on SQLite and
PostgreSQL).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from resettlement.catalogue.masks import bit, full_mask, pack, to_mask
from resettlement.catalogue.rules import ServiceFacts
from resettlement.vocabulary import (
    RECOVERY_STAGES,
    SUPPORT_RANK,
    AccessRoute,
    RiskFactor,
    ServiceGender,
    ServiceKind,
    SpectrumStage,
    SupportLevel,
)

ACCESS_ORDER = {AccessRoute.direct: 0, AccessRoute.referral: 1, AccessRoute.waiting_list: 2}
GENDER_WORDS = {"male": ServiceGender.male, "m": ServiceGender.male}
GENDER_WORDS |= {"female": ServiceGender.female, "f": ServiceGender.female}


def gender_of(recorded: str) -> ServiceGender:
    """The gender a service's rule is read against: male, female, or other (anything else)."""
    return GENDER_WORDS.get(recorded.strip().lower(), ServiceGender.other)


def age_on(date_of_birth: date, day: date) -> int:
    """Full years of age on `day`."""
    return (
        day.year
        - date_of_birth.year
        - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))
    )


@dataclass(frozen=True)
class Person:
    """What matching knows of a person (stage None: not known to the matcher)."""

    gender: ServiceGender
    date_of_birth: date
    on_licence: bool
    destination_area: str | None
    region: str
    spectrum_stage: SpectrumStage | None
    support_need: SupportLevel | None
    risk_factors: frozenset[RiskFactor]
    release_date: date | None


@dataclass(frozen=True)
class Match:
    service: ServiceFacts
    eligible: bool
    reasons: tuple[str, ...]
    free_places: int  # on the release day (0 for floating support, which holds no places)


def match_day(person: Person, today: date) -> date:
    """The day places are counted on: the release day, or today once it has passed."""
    if person.release_date is None or person.release_date < today:
        return today
    return person.release_date


def want_of(person: Person) -> int:
    """What a service must offer to take the person, packed (catalogue/masks.py): its gender,
    its stage (both recovery stages when not known), its risk factors, its licence, its need."""
    stages = {person.spectrum_stage} if person.spectrum_stage else RECOVERY_STAGES
    return pack(
        genders=bit(person.gender),
        stages=to_mask(stages),
        risks=to_mask(person.risk_factors) & full_mask(RiskFactor),
        licence=person.on_licence,
        rank=SUPPORT_RANK[person.support_need] if person.support_need else 0,
    )


def stage_reasons(person: Person, service: ServiceFacts) -> list[str]:
    stage = person.spectrum_stage
    if stage is None:
        if service.spectrum_stages >= RECOVERY_STAGES:
            return []
        return ["spectrum stage: not known here, and the service does not suit people in recovery"]
    if stage in service.spectrum_stages:
        return []
    return [f"spectrum stage: the service does not suit {stage.value.replace('_', ' ')}"]


def structural_reasons(person: Person, service: ServiceFacts, day: date) -> list[str]:
    """Every rule but the free place that keeps `service` from taking `person` on `day`."""
    reasons: list[str] = []
    if service.area != person.destination_area and service.region != person.region:
        reasons.append(f"area: {service.area} is outside the destination region {person.region}")
    if person.gender not in service.genders:
        reasons.append(f"gender: the service does not take {person.gender.value}")
    age = age_on(person.date_of_birth, day)
    if service.min_age is not None and age < service.min_age:
        reasons.append(f"age: {age} is under the service's {service.min_age}")
    if service.max_age is not None and age > service.max_age:
        reasons.append(f"age: {age} is over the service's {service.max_age}")
    if person.on_licence and not service.accepts_on_licence:
        reasons.append("licence: the service does not take people on licence")
    reasons += stage_reasons(person, service)
    reasons += [
        f"risk factor: the service excludes {risk.value.replace('_', ' ')}"
        for risk in sorted(person.risk_factors & service.excludes)
    ]
    need = person.support_need
    if need is not None and SUPPORT_RANK[service.support_level] < SUPPORT_RANK[need]:
        reasons.append(
            f"support level: provides {service.support_level.value}, the person needs {need.value}"
        )
    return reasons


def _rank(person: Person, m: Match) -> tuple[object, ...]:
    need = SUPPORT_RANK[person.support_need] if person.support_need else 0
    s = m.service
    return (
        s.area != person.destination_area,
        not s.holds_places,
        SUPPORT_RANK[s.support_level] - need,
        -m.free_places,
        ACCESS_ORDER[s.access],
        s.name,
        s.id,
    )


def match(
    person: Person,
    services: Iterable[ServiceFacts],
    free_on_day: Mapping[str, int],
    *,
    today: date,
) -> list[Match]:
    """Every active service, eligible ones first and best first, each with its reasons."""
    day = match_day(person, today)
    want, age = want_of(person), age_on(person.date_of_birth, day)
    # The reasons by what is wrong: the same missing bits, area and broken age limits (and
    # whether no place is free) always give the same words for this person on this day.
    words: dict[tuple[object, ...], tuple[str, ...]] = {}
    matches: list[Match] = []
    for service in services:
        if not service.active:
            continue
        holds = service.kind != ServiceKind.floating_support  # service.holds_places, inlined
        free = free_on_day.get(service.id, service.capacity) if holds else 0
        missing = want & ~service.offer
        outside = service.area != person.destination_area and service.region != person.region
        young = service.min_age is not None and age < service.min_age
        old = service.max_age is not None and age > service.max_age
        full = holds and free <= 0
        if not (missing or outside or young or old or full):
            matches.append(Match(service, True, (), free))
            continue
        key = (
            missing,
            outside and service.area,
            young and service.min_age,
            old and service.max_age,
            full,
        )
        reasons = words.get(key)
        if reasons is None:
            found = structural_reasons(person, service, day)
            if full:
                found.append(f"no free place: none free on {day.isoformat()}")
            reasons = words[key] = tuple(found)
        matches.append(Match(service, False, reasons, max(0, free)))
    eligible = sorted((m for m in matches if m.eligible), key=lambda m: _rank(person, m))
    rest = sorted(
        (m for m in matches if not m.eligible),
        key=lambda m: (len(m.reasons), m.service.name, m.service.id),
    )
    return eligible + rest
