"""SQL twin of the matching rule without the area rule: whether a service (row of Service, or
an alias) could take the person of a Case row, places aside - `rules.structural_reasons` finds
no reason (tests/matching/test_sql_twin.py holds them equal on SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Integer, and_, case, cast, extract, func, literal

from resettlement.catalogue.masks import SHIFT, bit, full_mask, thermometer, to_mask
from resettlement.matching.rules import GENDER_WORDS
from resettlement.vocabulary import (
    RECOVERY_STAGES,
    SUPPORT_RANK,
    RiskFactor,
    ServiceGender,
    SpectrumStage,
)


def _ymd(day: Any) -> ColumnElement[int]:
    """The day as a yyyymmdd integer (PostgreSQL's EXTRACT gives numeric, whose comparisons
    cost several times an integer's in the gaps' join of every case to every service)."""
    return cast(
        extract("year", day) * 10000 + extract("month", day) * 100 + extract("day", day), Integer
    )


def gender_bit(gender: Any) -> ColumnElement[int]:
    """Twin of `bit(gender_of(gender))`."""
    words = func.lower(func.trim(gender))
    return case(
        *((words == word, bit(g)) for word, g in GENDER_WORDS.items()),
        else_=bit(ServiceGender.other),
    )


def stage_bits(stage: Any) -> ColumnElement[int]:
    """The bits a service must suit: the stage's own, or both recovery stages when unknown."""
    return case(
        *((stage == s.value, bit(s)) for s in SpectrumStage), else_=to_mask(RECOVERY_STAGES)
    )


# The rules over columns computed once per row (the gaps join every releasing case of an area
# to every service of it), in the packed layout of catalogue/masks.py that the pure rule uses
# too: the person's `want` and the service's `offer`, so that the pair test is
# `offer & want = want` and two age comparisons.
NO_AGE = 10_000 * 1000  # beyond any age difference as a yyyymmdd number


def _thermometer(level: Any) -> ColumnElement[int]:
    """Twin of `masks.thermometer(SUPPORT_RANK[level])` (0 for no level)."""
    return case(
        *((level == lvl.value, thermometer(rank)) for lvl, rank in SUPPORT_RANK.items()), else_=0
    )


def person_columns(case_: Any, day: Any) -> list[ColumnElement[Any]]:
    """A Case row's facts as the pair test reads them (labels: want, agediff)."""
    want = (
        gender_bit(case_.gender) * SHIFT["gender"]
        + stage_bits(case_.spectrum_stage) * SHIFT["stage"]
        + case_.risk_mask.op("&")(full_mask(RiskFactor)) * SHIFT["risk"]
        + case((case_.on_licence == literal(True), SHIFT["licence"]), else_=0)
        + _thermometer(case_.support_need) * SHIFT["rank"]
    )
    return [want.label("want"), (_ymd(day) - _ymd(case_.date_of_birth)).label("agediff")]


def service_columns(service: Any) -> list[ColumnElement[Any]]:
    """A Service row's facts as the pair test reads them (labels: offer, lo, hi)."""
    risks = full_mask(RiskFactor)
    offer = (
        service.genders_mask.op("&")(full_mask(ServiceGender)) * SHIFT["gender"]
        + service.stages_mask.op("&")(full_mask(SpectrumStage)) * SHIFT["stage"]
        + (risks - service.excludes_mask.op("&")(risks)) * SHIFT["risk"]
        + case((service.accepts_on_licence == literal(True), SHIFT["licence"]), else_=0)
        + _thermometer(service.support_level) * SHIFT["rank"]
    )
    return [
        offer.label("offer"),
        func.coalesce(service.min_age * 10000, -NO_AGE).label("lo"),
        func.coalesce((service.max_age + 1) * 10000, NO_AGE).label("hi"),
    ]


def takes_clause(person: Any, service: Any) -> ColumnElement[bool]:
    """Whether the service takes the person, area and places aside, over `person_columns` and
    `service_columns` (column collections): `rules.match`'s packed test, with age."""
    return and_(
        service.offer.op("&")(person.want) == person.want,
        person.agediff >= service.lo,
        person.agediff < service.hi,
    )
