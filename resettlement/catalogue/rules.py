"""What a service of the catalogue must say to be taken in (seed 003 §3.2): pure checks that
name each bad field, and the service's facts as matching and the gaps use them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from resettlement.catalogue.masks import full_mask, pack, to_mask
from resettlement.vocabulary import (
    HOLDING_STATUSES,
    SUPPORT_RANK,
    AccessRoute,
    PlacementStatus,
    RiskFactor,
    ServiceGender,
    ServiceKind,
    SpectrumStage,
    SupportLevel,
)

MIN_AGE = 16
MAX_AGE = 120


@dataclass(frozen=True)
class ServiceFacts:
    """A service as matching sees it (no I/O): what it provides and whom it takes."""

    id: str
    name: str
    area: str
    region: str
    kind: ServiceKind
    support_level: SupportLevel
    capacity: int
    access: AccessRoute
    genders: frozenset[ServiceGender]
    min_age: int | None
    max_age: int | None
    accepts_on_licence: bool
    spectrum_stages: frozenset[SpectrumStage]
    excludes: frozenset[RiskFactor]
    active: bool = True
    # What it takes, packed (catalogue/masks.py): computed from the fields above.
    offer: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        allowed = full_mask(RiskFactor) & ~to_mask(self.excludes)
        offer = pack(
            genders=to_mask(self.genders),
            stages=to_mask(self.spectrum_stages),
            risks=allowed,
            licence=self.accepts_on_licence,
            rank=SUPPORT_RANK[self.support_level],
        )
        object.__setattr__(self, "offer", offer)

    @property
    def holds_places(self) -> bool:
        """Floating support supports a tenancy elsewhere: it has no places to give."""
        return self.kind != ServiceKind.floating_support


def service_problems(
    *,
    kind: ServiceKind,
    capacity: int,
    min_age: int | None,
    max_age: int | None,
    genders: list[ServiceGender],
    spectrum_stages: list[SpectrumStage],
) -> list[tuple[str, str]]:
    """(field, message) for each rule a service breaks; empty when it is fine."""
    problems: list[tuple[str, str]] = []
    if kind == ServiceKind.floating_support and capacity != 0:
        problems.append(("capacity", "floating support holds no places: capacity must be 0"))
    if kind != ServiceKind.floating_support and capacity < 1:
        problems.append(("capacity", f"a {kind.value} service has at least one place"))
    if min_age is not None and max_age is not None and min_age > max_age:
        problems.append(("max_age", f"is below min_age ({min_age})"))
    if not genders:
        problems.append(("genders", "must name at least one gender the service takes"))
    if not spectrum_stages:
        problems.append(("spectrum_stages", "must name at least one stage the service suits"))
    return problems


def holds_place_on(*, status: str, start_date: date, end_date: date | None, day: date) -> bool:
    """A confirmed (or ended) placement holds its place from its start date until the day
    before its end date; with no end date, from its start date on."""
    return (
        PlacementStatus(status) in HOLDING_STATUSES
        and start_date <= day
        and (end_date is None or end_date > day)
    )
