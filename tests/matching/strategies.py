"""Hypothesis strategies: people and services of a small region, for the matching rules."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from resettlement.catalogue.masks import to_mask
from resettlement.catalogue.rules import ServiceFacts
from resettlement.matching.rules import Person
from resettlement.storage.tables import Service
from resettlement.vocabulary import (
    AccessRoute,
    RiskFactor,
    ServiceGender,
    ServiceKind,
    SpectrumStage,
    SupportLevel,
)
from tests.conftest import NOW

AREAS = {"E08000021": "NE", "E08000024": "NE", "W06000015": "WA"}
TODAY = date(2026, 11, 24)


def subsets(enum: type) -> st.SearchStrategy[frozenset]:
    return st.frozensets(st.sampled_from(list(enum)))


@st.composite
def services(draw: st.DrawFn, index: int = 0) -> ServiceFacts:
    area = draw(st.sampled_from(sorted(AREAS)))
    kind = draw(st.sampled_from(list(ServiceKind)))
    min_age = draw(st.none() | st.integers(16, 40))
    return ServiceFacts(
        id=f"s{index}-{draw(st.integers(0, 10**6))}",
        name=draw(st.sampled_from(["Ash House", "Birch Court", "Cedar Lodge"])),
        area=area,
        region=AREAS[area],
        kind=kind,
        support_level=draw(st.sampled_from(list(SupportLevel))),
        capacity=0 if kind == ServiceKind.floating_support else draw(st.integers(1, 4)),
        access=draw(st.sampled_from(list(AccessRoute))),
        genders=draw(subsets(ServiceGender).filter(bool)),
        min_age=min_age,
        max_age=draw(st.none() | st.integers(min_age or 16, 80)),
        accepts_on_licence=draw(st.booleans()),
        spectrum_stages=draw(subsets(SpectrumStage).filter(bool)),
        excludes=draw(subsets(RiskFactor)),
        active=draw(st.booleans()),
    )


@st.composite
def people(draw: st.DrawFn) -> Person:
    area = draw(st.none() | st.sampled_from(sorted(AREAS)))
    return Person(
        gender=draw(st.sampled_from(list(ServiceGender))),
        date_of_birth=draw(st.dates(date(1950, 1, 1), date(2009, 12, 31))),
        on_licence=draw(st.booleans()),
        destination_area=area,
        region=AREAS[area] if area else draw(st.sampled_from(["NE", "WA"])),
        spectrum_stage=draw(st.none() | st.sampled_from(list(SpectrumStage))),
        support_need=draw(st.none() | st.sampled_from(list(SupportLevel))),
        risk_factors=draw(subsets(RiskFactor)),
        release_date=draw(st.none() | st.dates(date(2026, 10, 1), date(2027, 6, 30))),
    )


catalogues = st.lists(services(), max_size=12, unique_by=lambda s: s.id)
frees = st.dictionaries(st.text(max_size=0), st.integers(-1, 3))


def service_row(f: ServiceFacts) -> Service:
    """The table row of generated facts (in their own area: the SQL twins' tests)."""
    return Service(
        id=f.id,
        name=f.name,
        provider="p",
        address="a",
        area=f.area,
        kind=f.kind.value,
        support_level=f.support_level.value,
        capacity=f.capacity,
        access=f.access.value,
        genders_mask=to_mask(f.genders),
        min_age=f.min_age,
        max_age=f.max_age,
        accepts_on_licence=f.accepts_on_licence,
        stages_mask=to_mask(f.spectrum_stages),
        excludes_mask=to_mask(f.excludes),
        active=f.active,
        created_at=NOW,
        updated_at=NOW,
        updated_by="t",
    )
