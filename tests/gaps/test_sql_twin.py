"""The gaps' SQL (gaps/sql.py) agrees with the pure rule `area_gap` on generated releases,
services and placements of one area, on each database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session

from resettlement.catalogue.masks import to_mask
from resettlement.gaps import sql
from resettlement.gaps.rules import HeldPlace, area_gap
from resettlement.matching.rules import Person, gender_of
from resettlement.pipeline.reads import week_starts
from resettlement.policy import get_reference
from resettlement.storage.tables import Placement
from resettlement.vocabulary import PlacementStatus, RiskFactor, SpectrumStage, SupportLevel
from tests.conftest import NOW
from tests.factories import AREA, case_row
from tests.matching.strategies import service_row
from tests.matching.strategies import services as service_facts

TODAY = NOW.date()
END = TODAY + timedelta(weeks=4)

people_specs = st.lists(
    st.tuples(
        st.sampled_from(["male", "Female", "f", "non-binary"]),
        st.dates(date(1950, 1, 1), date(2010, 12, 31)),
        st.booleans(),
        st.none() | st.sampled_from(list(SpectrumStage)),
        st.none() | st.sampled_from(list(SupportLevel)),
        st.frozensets(st.sampled_from(list(RiskFactor))),
        st.integers(0, 27),  # release day in the window
        st.booleans(),  # housing resolved (left out)
    ),
    max_size=8,
)
placement_specs = st.lists(
    st.tuples(
        st.integers(0, 5),  # which service
        st.sampled_from(list(PlacementStatus)),
        st.integers(-10, 30),  # start day
        st.none() | st.integers(0, 40),  # end after start
    ),
    max_size=8,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(people_specs, st.lists(service_facts(), min_size=1, max_size=5), placement_specs)
def test_the_gaps_sql_counts_exactly_what_the_pure_rule_counts(db, specs, facts, placed):
    db.truncate()
    facts = [replace(f, area=AREA, region="NE", id=f"s{i}") for i, f in enumerate(facts)]
    people, held = [], []
    with Session(db.engine) as session:
        for f in facts:
            session.add(service_row(f))
        session.flush()
        for gender, born, licence, stage, need, risks, day, resolved in specs:
            release = TODAY + timedelta(days=day)
            case = case_row(
                gender=gender,
                date_of_birth=born,
                on_licence=licence,
                spectrum_stage=stage.value if stage else None,
                support_need=need.value if need else None,
                risk_mask=to_mask(risks),
                release_date=release,
                housing_ready_from=release if resolved else None,
            )
            session.add(case)
            session.flush()
            if not resolved:
                people.append(
                    Person(
                        gender=gender_of(gender),
                        date_of_birth=born,
                        on_licence=licence,
                        destination_area=AREA,
                        region="NE",
                        spectrum_stage=stage,
                        support_need=need,
                        risk_factors=risks,
                        release_date=release,
                    )
                )
            for which, status, start, length in placed:
                f = facts[which % len(facts)]
                begin = TODAY + timedelta(days=start)
                until = begin + timedelta(days=length) if length is not None else None
                session.add(
                    Placement(
                        case_id=case.id,
                        service_id=f.id,
                        status=status.value,
                        start_date=begin,
                        end_date=until,
                        requested_at=NOW,
                        requested_by="t",
                        updated_at=NOW,
                        updated_by="t",
                    )
                )
                held.append(HeldPlace(f.id, status.value, begin, until))
            placed = []  # one set of placements, on the first case
        session.commit()
        expected = area_gap(people, facts, held, TODAY)
        areas = [AREA]
        found = sql.figures(session, areas, TODAY, END, week_starts(TODAY, 4))
    count, none = found.releasing.get(AREA, (0, 0))
    takeable = sum(min(n, most) for _, _, n, most in found.services.values())
    assert (count, none) == (expected.releasing_unresolved, expected.no_suitable_service)
    assert sum(free for _, free, _, _ in found.services.values()) == expected.free_places
    assert takeable == expected.eligible_places
    assert get_reference().areas[AREA].region == "NE"
