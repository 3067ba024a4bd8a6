"""Sets of names stored as bits: a service's genders, spectrum stages and excluded risk
factors, and a person's risk factors. Each name's bit is its position in its enum, so an enum
only ever grows at its end."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from functools import lru_cache
from typing import Any, TypeVar

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
