"""The matching rule's SQL twin (matching/sql.py: `takes_clause` over `person_columns` and
`service_columns`) takes exactly the person-service pairs the pure rule finds no reason
against, area and places aside, on each database; and both sides pack alike."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Date, literal, select
from sqlmodel import Session, col

from resettlement.catalogue.masks import to_mask
from resettlement.matching.rules import Person, gender_of, structural_reasons, want_of
from resettlement.matching.sql import person_columns, service_columns, takes_clause
from resettlement.storage.tables import Case, Service
from resettlement.vocabulary import RiskFactor, SpectrumStage, SupportLevel
from tests.factories import AREA, case_row
from tests.matching.strategies import service_row
from tests.matching.strategies import services as service_facts

people_specs = st.lists(
    st.tuples(
        st.sampled_from(["male", "M", " Female ", "f", "non-binary", ""]),
        st.dates(date(1950, 1, 1), date(2010, 12, 31)),
        st.booleans(),  # on licence
        st.none() | st.sampled_from(list(SpectrumStage)),
        st.none() | st.sampled_from(list(SupportLevel)),
        st.frozensets(st.sampled_from(list(RiskFactor))),
    ),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    people_specs,
    st.lists(service_facts(), min_size=1, max_size=6),
    st.dates(date(2026, 1, 1), date(2028, 12, 31)),
)
def test_the_sql_takes_exactly_the_pairs_the_pure_rule_finds_no_reason_against(
    db, specs, facts, day
):
    db.truncate()
    facts = [replace(f, area=AREA, region="NE", id=f"s{i}") for i, f in enumerate(facts)]
    people: dict[str, Person] = {}
    with Session(db.engine) as session:
        for f in facts:
            session.add(service_row(f))
        for gender, born, licence, stage, need, risks in specs:
            case = case_row(
                gender=gender,
                date_of_birth=born,
                on_licence=licence,
                spectrum_stage=stage.value if stage else None,
                support_need=need.value if need else None,
                risk_mask=to_mask(risks),
            )
            session.add(case)
            session.flush()
            people[case.id] = Person(
                gender=gender_of(gender),
                date_of_birth=born,
                on_licence=licence,
                destination_area=AREA,
                region="NE",
                spectrum_stage=stage,
                support_need=need,
                risk_factors=risks,
                release_date=day,
            )
        session.commit()
        person = select(col(Case.id).label("cid"), *person_columns(Case, literal(day, Date)))
        service = select(col(Service.id).label("sid"), *service_columns(Service))
        p, s = person.subquery("p"), service.subquery("s")
        taken = set(session.execute(select(p.c.cid, s.c.sid).where(takes_clause(p.c, s.c))))
        wants = dict(session.execute(select(p.c.cid, p.c.want)).all())
        offers = dict(session.execute(select(s.c.sid, s.c.offer)).all())
    by_id = {f.id: f for f in facts}
    expected = {
        (cid, sid)
        for cid, person_ in people.items()
        for sid, f in by_id.items()
        if not structural_reasons(person_, f, day)
    }
    assert taken == expected
    assert wants == {cid: want_of(person_) for cid, person_ in people.items()}
    assert offers == {sid: f.offer for sid, f in by_id.items()}
