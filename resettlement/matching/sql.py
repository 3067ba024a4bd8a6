"""SQL twin of `rules.structural_reasons` without the area rule: whether a service (row of
Service, or an alias) could take the person of a Case row, places aside."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, case, extract, func, literal, or_

from resettlement.catalogue.masks import bit, to_mask
from resettlement.matching.rules import GENDER_WORDS
from resettlement.vocabulary import (
    RECOVERY_STAGES,
    SUPPORT_RANK,
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
