"""Sets of names stored as bits: a service's genders, spectrum stages and excluded risk
factors, and a person's risk factors. Each name's bit is its position in its enum, so an enum
only ever grows at its end."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from functools import lru_cache
from typing import Any, TypeVar

from resettlement.vocabulary import RiskFactor, ServiceGender, SpectrumStage

E = TypeVar("E", bound=StrEnum)


def bit(value: StrEnum) -> int:
    return 1 << list(type(value)).index(value)


def to_mask(values: Iterable[StrEnum]) -> int:
    mask = 0
    for value in values:
        mask |= bit(value)
    return mask


def from_mask(mask: int, enum: type[E]) -> list[E]:
    """The names whose bits are set, in the enum's order."""
    return [value for index, value in enumerate(enum) if mask & (1 << index)]


def full_mask(enum: type[StrEnum]) -> int:
    return (1 << len(enum)) - 1


@lru_cache(maxsize=1024)
def members(mask: int, enum: type[Any]) -> frozenset[Any]:
    """`from_mask` as a frozenset, cached: matching decodes the same few masks many times."""
    return frozenset(from_mask(mask, enum))


# Whether a service takes a person, age and places aside, is one integer test. Every rule but
# age is "the person's X is among the service's Xs", so each side packs its sets into one
# integer, field by field: the person's `want` (its gender's bit, the stage bits it needs, its
# risk factors, 1 if on licence, its need as a thermometer) and the service's `offer` (its
# genders, its stages, the risk factors it does not exclude, 1 if it takes people on licence,
# its level as a thermometer). Then the test is `offer & want == want`, and the bits of `want`
# missing from `offer` name the rules broken (matching/rules.py; its SQL twin matching/sql.py).
_G, _S, _R = len(ServiceGender), len(SpectrumStage), len(RiskFactor)
SHIFT = {"gender": 1, "stage": 1 << _G, "risk": 1 << (_G + _S), "licence": 1 << (_G + _S + _R)}
SHIFT["rank"] = SHIFT["licence"] * 2


def thermometer(rank: int) -> int:
    """A support rank r as r low bits: a rank is at most another's when its bits are among the
    other's."""
    return (1 << rank) - 1


def pack(*, genders: int, stages: int, risks: int, licence: bool, rank: int) -> int:
    """One side's fields in the layout above (each mask within its enum's bits)."""
    return (
        genders * SHIFT["gender"]
        + stages * SHIFT["stage"]
        + risks * SHIFT["risk"]
        + (SHIFT["licence"] if licence else 0)
        + thermometer(rank) * SHIFT["rank"]
    )
