"""Hypothesis strategies: people and services of a small region, for the matching rules."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from resettlement.catalogue.rules import ServiceFacts
from resettlement.matching.rules import Person
from resettlement.vocabulary import (
    AccessRoute,
    RiskFactor,
    ServiceGender,
    ServiceKind,
    SpectrumStage,
    SupportLevel,
)

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
