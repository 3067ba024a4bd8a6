"""A case's matches as the caller may see them (prison staff, ROM, admin), audited as a read."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlmodel import Session, col

from resettlement.access.audit import record_reads
from resettlement.access.scope import require_role
from resettlement.access.users import Principal
from resettlement.access.visibility import matching_sees_stage
from resettlement.cases.lookup import get_case
from resettlement.catalogue.masks import from_mask
from resettlement.catalogue.reads import FACT_COLUMNS, facts
from resettlement.catalogue.rules import ServiceFacts
from resettlement.catalogue.sql import holds_place_clause
from resettlement.matching.rules import Match, Person, gender_of, match, match_day
from resettlement.policy import Reference
from resettlement.storage.tables import Case, Placement, Service
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


# ServiceFacts by the row they were decoded from (and the region of its area): a service's
# facts change only with its row, so each process decodes each version of a row once.
_FACTS: dict[tuple[Any, ...], ServiceFacts] = {}
_FACTS_MAX = 50_000


def _facts_of(row: Any, reference: Reference) -> ServiceFacts:
    """`row`: FACT_COLUMNS, then the places held (left out of the key)."""
    key = (*row[: len(FACT_COLUMNS)], reference.areas[row.area].region)
    found = _FACTS.get(key)
    if found is None:
        if len(_FACTS) >= _FACTS_MAX:
            _FACTS.clear()
        found = _FACTS[key] = facts(row, reference)
    return found


def case_matches(
    session: Session, case: Case, reference: Reference, *, sees_stage: bool, today: date
) -> list[Match]:
    person = person_of(case, reference, sees_stage=sees_stage)
    day = match_day(person, today)
    columns = [getattr(Service.__table__.c, name) for name in FACT_COLUMNS]  # type: ignore[attr-defined]
    where = (
        col(Service.area).in_(candidate_areas(case, person, reference)),
        col(Service.active).is_(True),
    )
    # The places held on the day at these services, in the same statement.
    held = (
        select(col(Placement.service_id).label("sid"), func.count().label("n"))
        .where(
            col(Placement.service_id).in_(select(col(Service.id)).where(*where)),
            holds_place_clause(day),
        )
        .group_by(col(Placement.service_id))
        .subquery("held")
    )
    # Core rows (not the ORM's result machinery): ~2,000 services of two regions at a time.
    rows = (
        session.connection()
        .execute(
            select(*columns, func.coalesce(held.c.n, 0))
            .outerjoin(held, held.c.sid == col(Service.id))
            .where(*where)
        )
        .all()
    )
    free = {r.id: r.capacity - r[-1] for r in rows}
    return match(person, [_facts_of(r, reference) for r in rows], free, today=today)


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
