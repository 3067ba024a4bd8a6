"""A case's matches as the caller may see them (prison staff, ROM, admin), audited as a read."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from sqlalchemy import select
from sqlmodel import Session, col

from resettlement.access.audit import record_reads
from resettlement.access.scope import require_role
from resettlement.access.users import Principal
from resettlement.access.visibility import matching_sees_stage
from resettlement.cases.lookup import get_case
from resettlement.catalogue.masks import from_mask
from resettlement.catalogue.reads import FACT_COLUMNS, facts, held_on
from resettlement.matching.rules import Match, Person, gender_of, match, match_day
from resettlement.policy import Reference
from resettlement.storage.tables import Case, Service
from resettlement.vocabulary import RiskFactor, Role, ServiceKind, SpectrumStage, SupportLevel


class MatchOut(BaseModel):
    service_id: str
    name: str
    area: str
    kind: ServiceKind
    eligible: bool
    reasons: list[str]
    free_places_on_release: int


def person_of(case: Case, reference: Reference, *, sees_stage: bool) -> Person:
    area = case.destination_area
    region = reference.areas[area].region if area else reference.prisons[case.prison].region
    return Person(
        gender=gender_of(case.gender),
        date_of_birth=case.date_of_birth,
        on_licence=case.on_licence,
        destination_area=area,
        region=region,
        spectrum_stage=SpectrumStage(case.spectrum_stage)
        if sees_stage and case.spectrum_stage
        else None,
        support_need=SupportLevel(case.support_need) if case.support_need else None,
        risk_factors=frozenset(from_mask(case.risk_mask, RiskFactor)),
        release_date=case.release_date,
    )


def candidate_areas(case: Case, person: Person, reference: Reference) -> list[str]:
    """The areas of the destination's region and of the prison's region."""
    regions = {person.region, reference.prisons[case.prison].region}
    return sorted(a.code for a in reference.areas.values() if a.region in regions)


def case_matches(
    session: Session, case: Case, reference: Reference, *, sees_stage: bool, today: date
) -> list[Match]:
    person = person_of(case, reference, sees_stage=sees_stage)
    columns = [getattr(Service.__table__.c, name) for name in FACT_COLUMNS]  # type: ignore[attr-defined]
    rows = session.execute(
        select(*columns).where(
            col(Service.area).in_(candidate_areas(case, person, reference)),
            col(Service.active).is_(True),
        )
    ).all()
    day = match_day(person, today)
    held = held_on(session, [r.id for r in rows if r.capacity > 0], day)
    free = {r.id: r.capacity - held.get(r.id, 0) for r in rows}
    return match(person, [facts(r, reference) for r in rows], free, today=today)


def matches_for(
    session: Session, principal: Principal, case_id: str, reference: Reference, today: date
) -> list[MatchOut]:
    """The case's matches (404 out of scope; 403 for a CJIT worker or the feed)."""
    require_role(principal, Role.prison_staff, Role.rom)
    case = get_case(session, principal, case_id)
    record_reads(session, principal, [case.id], action="read_matches")
    found = case_matches(
        session, case, reference, sees_stage=matching_sees_stage(principal.role), today=today
    )
    return [
        MatchOut(
            service_id=m.service.id,
            name=m.service.name,
            area=m.service.area,
            kind=m.service.kind,
            eligible=m.eligible,
            reasons=list(m.reasons),
            free_places_on_release=m.free_places,
        )
        for m in found
    ]
