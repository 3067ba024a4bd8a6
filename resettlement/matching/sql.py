"""SQL twin of `rules.structural_reasons` without the area rule: whether a service (row of
Service, or an alias) could take the person of a Case row, places aside."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, case, extract, func, literal, or_

from resettlement.catalogue.masks import bit, full_mask, to_mask
from resettlement.matching.rules import GENDER_WORDS
from resettlement.vocabulary import (
    RECOVERY_STAGES,
    SUPPORT_RANK,
    RiskFactor,
    ServiceGender,
    SpectrumStage,
)


def _ymd(day: Any) -> ColumnElement[int]:
    return extract("year", day) * 10000 + extract("month", day) * 100 + extract("day", day)


def _rank(level: Any) -> ColumnElement[int]:
    return case(*((level == lvl.value, rank) for lvl, rank in SUPPORT_RANK.items()), else_=0)


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


def structural_clause(case_: Any, service: Any, day: Any) -> ColumnElement[bool]:
    """`case_` and `service` are table (or alias) column collections; `day` the match day."""
    age = _ymd(day) - _ymd(case_.date_of_birth)
    need = stage_bits(case_.spectrum_stage)
    return and_(
        service.genders_mask.op("&")(gender_bit(case_.gender)) != 0,
        or_(service.min_age.is_(None), age >= service.min_age * 10000),
        or_(service.max_age.is_(None), age < (service.max_age + 1) * 10000),
        or_(case_.on_licence == literal(False), service.accepts_on_licence == literal(True)),
        service.stages_mask.op("&")(need) == need,
        service.excludes_mask.op("&")(case_.risk_mask) == 0,
        _rank(case_.support_need) <= _rank(service.support_level),
    )


# The same rules over columns computed once per row (the gaps join every releasing case of an
# area to every service of it). Every rule but age is "the person's X is among the service's
# Xs", so each side packs its sets into one integer, field by field: the person's `want` (its
# gender's bit, the stage bits it needs, its risk factors, 1 if on licence, its need as a
# thermometer) and the service's `offer` (its genders, its stages, the risk factors it does
# not exclude, 1 if it takes people on licence, its level as a thermometer). Then the pair
# test is `offer & want = want` and two age comparisons.
NO_AGE = 10_000 * 1000  # beyond any age difference as a yyyymmdd number
_G, _S, _R = len(ServiceGender), len(SpectrumStage), len(RiskFactor)
_SHIFT = {"gender": 1, "stage": 1 << _G, "risk": 1 << (_G + _S), "licence": 1 << (_G + _S + _R)}
_SHIFT["rank"] = _SHIFT["licence"] * 2


def _thermometer(level: Any) -> ColumnElement[int]:
    """The support rank r as r low bits: a rank is at most another's when its bits are among
    the other's."""
    return case(
        *((level == lvl.value, (1 << rank) - 1) for lvl, rank in SUPPORT_RANK.items()), else_=0
    )


def person_columns(case_: Any, day: Any) -> list[ColumnElement[Any]]:
    """A Case row's facts as the pair test reads them (labels: want, agediff)."""
    want = (
        gender_bit(case_.gender) * _SHIFT["gender"]
        + stage_bits(case_.spectrum_stage) * _SHIFT["stage"]
        + case_.risk_mask.op("&")(full_mask(RiskFactor)) * _SHIFT["risk"]
        + case((case_.on_licence == literal(True), _SHIFT["licence"]), else_=0)
        + _thermometer(case_.support_need) * _SHIFT["rank"]
    )
    return [want.label("want"), (_ymd(day) - _ymd(case_.date_of_birth)).label("agediff")]


def service_columns(service: Any) -> list[ColumnElement[Any]]:
    """A Service row's facts as the pair test reads them (labels: offer, lo, hi)."""
    risks = full_mask(RiskFactor)
    offer = (
        service.genders_mask.op("&")(full_mask(ServiceGender)) * _SHIFT["gender"]
        + service.stages_mask.op("&")(full_mask(SpectrumStage)) * _SHIFT["stage"]
        + (risks - service.excludes_mask.op("&")(risks)) * _SHIFT["risk"]
        + case((service.accepts_on_licence == literal(True), _SHIFT["licence"]), else_=0)
        + _thermometer(service.support_level) * _SHIFT["rank"]
    )
    return [
        offer.label("offer"),
        func.coalesce(service.min_age * 10000, -NO_AGE).label("lo"),
        func.coalesce((service.max_age + 1) * 10000, NO_AGE).label("hi"),
    ]


def takes_clause(person: Any, service: Any) -> ColumnElement[bool]:
    """`structural_clause` over `person_columns` and `service_columns` (column collections)."""
    return and_(
        service.offer.op("&")(person.want) == person.want,
        person.agediff >= service.lo,
        person.agediff < service.hi,
    )
