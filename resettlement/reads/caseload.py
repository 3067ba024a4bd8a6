"""The caseload: the caller's cases, filtered and paged, soonest release first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, exists, func, not_, nulls_last, or_, select
from sqlmodel import Session, col

from resettlement import clock
from resettlement.access.scope import case_scope, region_scope
from resettlement.access.users import Principal
from resettlement.housing.sql import housing_resolved_clause
from resettlement.storage.tables import Case, Task
from resettlement.vocabulary import CUSTODY_STAGES, FINAL_STAGES, Stage, TaskStatus


@dataclass(frozen=True)
class CaseFilters:
    prison: str | None = None
    area: str | None = None
    region: str | None = None
    stage: Stage | None = None
    housing_resolved: bool | None = None
    releasing_within_days: int | None = None
    search: str | None = None
    overdue: bool | None = None  # has (True) or has no (False) open task past its due time
    active: bool | None = None  # still on the path (True) or closed / withdrawn (False)
    in_custody: bool | None = None  # at a custody stage (True) or not (False)
    release_from: date | None = None  # release date on or after
    release_before: date | None = None  # release date before


def _where(principal: Principal, f: CaseFilters, today: date) -> list[ColumnElement[bool]]:
    clauses = [case_scope(principal)]
    if f.prison:
        clauses.append(col(Case.prison) == f.prison)
    if f.area:
        clauses.append(col(Case.destination_area) == f.area)
    if f.region:
        clauses.append(region_scope(f.region))
    if f.stage:
        clauses.append(col(Case.stage) == f.stage.value)
    if f.housing_resolved is not None:
        resolved = housing_resolved_clause()
        clauses.append(resolved if f.housing_resolved else not_(resolved))
    if f.releasing_within_days is not None:
        clauses.append(col(Case.release_date) >= today)
        clauses.append(col(Case.release_date) <= today + timedelta(days=f.releasing_within_days))
    if f.active is not None:
        ended = col(Case.stage).in_([s.value for s in FINAL_STAGES])
        clauses.append(not_(ended) if f.active else ended)
    if f.in_custody is not None:
        custody = col(Case.stage).in_([s.value for s in CUSTODY_STAGES])
        clauses.append(custody if f.in_custody else not_(custody))
    if f.release_from is not None:
        clauses.append(col(Case.release_date) >= f.release_from)
    if f.release_before is not None:
        clauses.append(col(Case.release_date) < f.release_before)
    if f.overdue is not None:
        late = exists().where(
            col(Task.case_id) == col(Case.id),
            col(Task.status) == TaskStatus.open.value,
            col(Task.due_at) < clock.now(),
        )
        clauses.append(late if f.overdue else not_(late))
    if f.search:
        clauses.extend(search_clauses(f.search))
    return clauses


def search_clauses(text: str) -> list[ColumnElement[bool]]:
    """A name in either order, in part, or a prison number: every word typed must match the
    given name, the family name or the prison number ("Kevin Saunders", "saunders, kev")."""
    words = [w for w in text.replace(",", " ").lower().split() if w][:5]
    return [
        or_(
            func.lower(Case.family_name).like(f"%{word}%"),
            func.lower(Case.given_name).like(f"%{word}%"),
            func.lower(Case.prison_number).like(f"%{word}%"),
        )
        for word in words
    ]


def list_cases(
    session: Session,
    principal: Principal,
    filters: CaseFilters,
    *,
    page: int,
    page_size: int,
    latest_release_first: bool = False,
) -> tuple[list[Case], int]:
    """One page of the caller's caseload, by release date (soonest first unless asked)."""
    where = _where(principal, filters, clock.today())
    release = col(Case.release_date)
    total = session.execute(select(func.count()).select_from(Case).where(*where)).scalar_one()
    query = (
        select(Case)
        .where(*where)
        .order_by(
            nulls_last(release.desc() if latest_release_first else release.asc()),
            col(Case.family_name),
            col(Case.id),
        )
        .offset((page - 1) * page_size)
        .limit(page_size)
    )
    return list(session.execute(query).scalars()), int(total)
