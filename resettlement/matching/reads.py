"""A case's matches as the caller may see them (prison staff, ROM, admin), audited as a read."""

from __future__ import annotations

from collections.abc import Sequence
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


# ServiceFacts by the row they were decoded from: a service's facts change only with its row
# (and its area's region with the reference data), so each process decodes each version of a
# row once.
_FACTS: dict[Any, ServiceFacts] = {}
_FACTS_OF: list[Reference] = []  # the reference data _FACTS was decoded with
_FACTS_MAX = 50_000


def _facts_of(rows: Sequence[Any], reference: Reference) -> list[ServiceFacts]:
    """`rows`: FACT_COLUMNS, then the places held (left out of the key)."""
    if not _FACTS_OF or _FACTS_OF[0] is not reference or len(_FACTS) >= _FACTS_MAX:
        _FACTS.clear()
        _FACTS_OF[:] = [reference]
    width = len(FACT_COLUMNS)
    out = []
    for row in rows:
        key = tuple(row)[:width]  # a plain tuple hashes and compares in C
        found = _FACTS.get(key)
        if found is None:
            found = _FACTS[key] = facts(row, reference)
        out.append(found)
    return out


def case_matches(
    session: Session, case: Case, reference: Reference, *, sees_stage: bool, today: date
) -> list[Match]:
    person = person_of(case, reference, sees_stage=sees_stage)
    day = match_day(person, today)
    columns = [getattr(Service.__table__.c, name) for name in FACT_COLUMNS]  # type: ignore[attr-defined]
    # The places held on the day at each service: a count per service from
    # ix_placement_service_status alone (on PostgreSQL faster than one grouped pass, which
    # reads every placement; on SQLite as fast).
    held = select(func.count()).where(
        col(Placement.service_id) == col(Service.id), holds_place_clause(day)
    )
    # Core rows (not the ORM's result machinery): ~2,000 services of two regions at a time,
    # read from ix_service_area_active alone (it covers FACT_COLUMNS).
    rows = (
        session.connection()
        .execute(
            select(*columns, held.scalar_subquery()).where(
                col(Service.area).in_(candidate_areas(case, person, reference)),
                col(Service.active).is_(True),
            )
        )
        .all()
    )
    free = {r.id: r.capacity - r[-1] for r in rows if r[-1]}
    return match(person, _facts_of(rows, reference), free, today=today)


def ranked_matches(
    session: Session, principal: Principal, case_id: str, reference: Reference, today: date
) -> list[Match]:
    """The case's matches, best first (404 out of scope; 403 for a CJIT worker or the feed).
    All of them: the order and the total need every active service of the candidate areas
    (two regions' worth, whatever the caseload); a page is then turned into answers alone."""
    require_role(principal, Role.prison_staff, Role.rom)
    case = get_case(session, principal, case_id)
    record_reads(session, principal, [case.id], action="read_matches")
    return case_matches(
        session, case, reference, sees_stage=matching_sees_stage(principal.role), today=today
    )


def match_out(found: Match) -> MatchOut:
    # Built without validation: values the rule made (not the caller's).
    return MatchOut.model_construct(
        service_id=found.service.id,
        name=found.service.name,
        area=found.service.area,
        kind=found.service.kind,
        eligible=found.eligible,
        reasons=list(found.reasons),
        free_places_on_release=found.free_places,
    )


def matches_for(
    session: Session, principal: Principal, case_id: str, reference: Reference, today: date
) -> list[MatchOut]:
    """Every match of the case as an answer (the case page shows them all)."""
    return [match_out(m) for m in ranked_matches(session, principal, case_id, reference, today)]
