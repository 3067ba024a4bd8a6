"""The matching rule: eligibility with every reason, the ranking, and people in recovery."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from resettlement.catalogue.rules import ServiceFacts
from resettlement.matching.rules import Person, age_on, gender_of, match, structural_reasons
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
from tests.matching.strategies import AREAS, TODAY, catalogues, people, services


def _free(services: list[ServiceFacts], data: st.DataObject) -> dict[str, int]:
    return {s.id: data.draw(st.integers(-1, 3)) for s in services}


@given(people(), catalogues, st.data())
def test_a_person_in_recovery_is_never_matched_to_a_service_that_does_not_suit_their_stage(
    person, services, data
):
    recovering = replace(person, spectrum_stage=data.draw(st.sampled_from(sorted(RECOVERY_STAGES))))
    for m in match(recovering, services, _free(services, data), today=TODAY):
        if m.eligible:
            assert recovering.spectrum_stage in m.service.spectrum_stages


@given(people(), catalogues, st.data())
def test_a_stage_not_known_to_the_matcher_opens_only_services_that_suit_people_in_recovery(
    person, services, data
):
    unknown = replace(person, spectrum_stage=None)
    for m in match(unknown, services, _free(services, data), today=TODAY):
        if m.eligible:
            assert m.service.spectrum_stages >= RECOVERY_STAGES


@given(people(), catalogues, st.data())
def test_eligible_services_come_first_and_every_other_one_says_every_reason(person, services, data):
    found = match(person, services, _free(services, data), today=TODAY)
    assert len(found) == sum(s.active for s in services)
    flags = [m.eligible for m in found]
    assert flags == sorted(flags, reverse=True)
    for m in found:
        assert m.eligible == (not m.reasons)
        for reason in m.reasons:
            assert reason.split(":")[0] in {
                "area",
                "gender",
                "age",
                "licence",
                "spectrum stage",
                "risk factor",
                "support level",
                "no free place",
            }


@given(people(), catalogues, st.data())
def test_an_eligible_service_takes_the_person_on_every_rule(person, services, data):
    day = person.release_date if person.release_date and person.release_date >= TODAY else TODAY
    for m in match(person, services, _free(services, data), today=TODAY):
        if not m.eligible:
            continue
        s = m.service
        assert s.area == person.destination_area or s.region == person.region
        assert person.gender in s.genders and not (person.risk_factors & s.excludes)
        assert not (person.on_licence and not s.accepts_on_licence)
        assert s.min_age is None or age_on(person.date_of_birth, day) >= s.min_age
        need = person.support_need
        assert need is None or SUPPORT_RANK[s.support_level] >= SUPPORT_RANK[need]
        assert not s.holds_places or m.free_places > 0


@given(people(), st.lists(services(), max_size=20, unique_by=lambda s: s.id), st.data())
def test_each_service_gets_the_reasons_the_rules_give_it_alone(person, drawn, data):
    """`match` decides by packed bits and writes the words once per kind of refusal: each
    service still gets exactly `structural_reasons` (and the free place), as if alone. Each
    drawn service comes with a twin differing only in area, ages and support level, so
    refusals of the same kind with other words meet in one call."""
    services = drawn + [
        replace(
            s,
            id=f"{s.id}-twin",
            area=(area := data.draw(st.sampled_from(sorted(AREAS)))),
            region=AREAS[area],
            min_age=(low := data.draw(st.none() | st.integers(16, 40))),
            max_age=data.draw(st.none() | st.integers(low or 16, 80)),
            support_level=data.draw(st.sampled_from(list(SupportLevel))),
        )
        for s in drawn
    ]
    free = _free(services, data)
    day = person.release_date if person.release_date and person.release_date >= TODAY else TODAY
    for m in match(person, services, free, today=TODAY):
        s = m.service
        expected = structural_reasons(person, s, day)
        if s.holds_places and free[s.id] <= 0:
            expected.append(f"no free place: none free on {day.isoformat()}")
        assert m.reasons == tuple(expected)
        assert m.eligible == (not expected)
        assert m.free_places == (max(0, free[s.id]) if s.holds_places else 0)


@given(people(), catalogues, st.data())
def test_the_destination_area_ranks_before_the_rest_of_the_region(person, services, data):
    eligible = [
        m for m in match(person, services, _free(services, data), today=TODAY) if m.eligible
    ]
    away = [m.service.area != person.destination_area for m in eligible]
    assert away == sorted(away)


def _service(**extra: object) -> ServiceFacts:
    values: dict[str, object] = {
        "id": "s1",
        "name": "Ash House",
        "area": "E08000021",
        "region": "NE",
        "kind": ServiceKind.hostel,
        "support_level": SupportLevel.medium,
        "capacity": 2,
        "access": AccessRoute.direct,
        "genders": frozenset({ServiceGender.male}),
        "min_age": 18,
        "max_age": 25,
        "accepts_on_licence": False,
        "spectrum_stages": frozenset({SpectrumStage.chaotic_using}),
        "excludes": frozenset({RiskFactor.arson, RiskFactor.violence}),
    }
    return ServiceFacts(**(values | extra))  # type: ignore[arg-type]


def test_every_reason_is_given_at_once():
    person = Person(
        gender=gender_of("Female"),
        date_of_birth=date(1980, 1, 1),
        on_licence=True,
        destination_area="W06000015",
        region="WA",
        spectrum_stage=SpectrumStage.recently_abstinent_vulnerable,
        support_need=SupportLevel.high,
        risk_factors=frozenset({RiskFactor.arson, RiskFactor.violence}),
        release_date=date(2026, 12, 1),
    )
    (found,) = match(person, [_service()], {"s1": 0}, today=TODAY)
    assert [r.split(":")[0] for r in found.reasons] == [
        "area",
        "gender",
        "age",
        "licence",
        "spectrum stage",
        "risk factor",
        "risk factor",
        "support level",
        "no free place",
    ]


def test_direct_access_ranks_before_a_waiting_list_at_the_same_fit():
    person = Person(
        gender=ServiceGender.male,
        date_of_birth=date(2004, 1, 1),
        on_licence=False,
        destination_area="E08000021",
        region="NE",
        spectrum_stage=SpectrumStage.chaotic_using,
        support_need=SupportLevel.low,
        risk_factors=frozenset(),
        release_date=date(2026, 12, 1),
    )
    waiting = _service(id="w", name="Aardvark House", access=AccessRoute.waiting_list)
    direct = _service(id="d", name="Zebra House", access=AccessRoute.direct)
    found = match(person, [waiting, direct], {"w": 1, "d": 1}, today=TODAY)
    assert all(m.eligible for m in found)
    assert [m.service.id for m in found] == ["d", "w"]
