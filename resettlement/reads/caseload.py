"""The caseload: the caller's cases, filtered and paged, soonest release first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    exists,
    func,
    not_,
    or_,
    select,
    true,
    tuple_,
    union_all,
)
from sqlmodel import Session, col

from resettlement import clock
from resettlement.access.scope import case_scope, region_ranges, region_scope
from resettlement.access.users import Principal
from resettlement.housing.sql import housing_resolved_clause
from resettlement.paging import (
    Listing,
    SortKey,
    Window,
    capped_count,
    decode_cursor,
    order_by,
    page_of,
)
from resettlement.storage.tables import Case, Task
from resettlement.vocabulary import CUSTODY_STAGES, FINAL_STAGES, Role, Stage, TaskStatus


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


def _where(
    principal: Principal, f: CaseFilters, today: date, *, ranged: str | None = None
) -> list[ColumnElement[bool]]:
    """`ranged`: the region whose two ranges (`_ranges`) the query is read in, which then stand
    for its "prison or destination in the region" (an OR neither database reads as a range)."""
    own_region = principal.role == Role.rom and principal.scope == ranged
    clauses = [] if ranged and own_region else [case_scope(principal)]
    if f.prison:
        clauses.append(col(Case.prison) == f.prison)
    if f.area:
        clauses.append(col(Case.destination_area) == f.area)
    if f.region and f.region != ranged:
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


def case_clauses(principal: Principal, filters: CaseFilters) -> list[ColumnElement[bool]]:
    """The WHERE of the caller's caseload with these filters (what `list_cases` lists), for
    set-based counts of the same cases (e.g. the admin's today page, by region)."""
    return _where(principal, filters, clock.today())


# The caseload's order: release date (none last), family name, id.
SOONEST = (
    SortKey(col(Case.release_date), nullable=True),
    SortKey(col(Case.family_name)),
    SortKey(col(Case.id)),
)
LATEST = (SortKey(col(Case.release_date), descending=True, nullable=True), *SOONEST[1:])


def _region_read(principal: Principal, f: CaseFilters) -> str | None:
    """The region whose two ranges hold every case `_where` can match, when the list is read
    that way: a ROM's own, or the region filter's, unless a prison or area narrows it."""
    region = f.region or (principal.scope if principal.role == Role.rom else None)
    narrower = f.prison or f.area or principal.role in (Role.prison_staff, Role.cjit_worker)
    return None if narrower else region


def _ranges(region: str | None) -> list[ColumnElement[bool]]:
    """Disjoint slices of the table, each read in caseload order from its own index (a
    region's two ranges: scope.region_ranges; otherwise the whole table)."""
    return [true()] if region is None else region_ranges(region)


def _parts(window: Window, latest: bool) -> list[tuple[ColumnElement[bool], list[Any]]]:
    """(where, order) of the index-ordered runs of one range after the window's cursor.

    Soonest first, the dated cases come in index order and the undated ones after them, also
    in index order; latest first has no index order (a sort per range)."""
    keys = LATEST if latest else SOONEST
    if latest:
        return [(window.start(keys), order_by(keys))]
    release, name, case_id = (k.column for k in SOONEST)
    dated, undated = release.is_not(None), release.is_(None)
    if window.cursor is None:
        return [(dated, [release, name, case_id]), (undated, [name, case_id])]
    when, who, which = decode_cursor(window.cursor, len(keys))
    rest = (undated, [name, case_id])
    if when is None:
        return [(and_(undated, tuple_(name, case_id) > tuple_(who, which)), [name, case_id])]
    past = tuple_(release, name, case_id) > tuple_(when, who, which)
    return [(and_(dated, past), [release, name, case_id]), rest]


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
    window: Window,
    *,
    latest_release_first: bool = False,
) -> Listing[Case]:
    """One page of the caller's caseload, by release date (soonest first unless asked).

    Read as a merge of index-ordered runs, each cut at the page's end, so that a page costs
    the same at the top of a 1M-case table as of a small one, and after a cursor as on page 1.
    """
    region = _region_read(principal, filters)
    ranges = _ranges(region)
    where = _where(principal, filters, clock.today(), ranged=region)
    keys = LATEST if latest_release_first else SOONEST
    reach = window.offset + window.page_size + 1
    runs = [
        select(*(k.column for k in keys))
        .where(*where, in_range, part)
        .order_by(*order)
        .limit(reach)
        .subquery()
        for in_range in ranges
        for part, order in _parts(window, latest_release_first)
    ]
    merged = union_all(*(select(run) for run in runs)).subquery()
    columns = [merged.c[k.column.key] for k in keys]
    ordered = [SortKey(c, k.descending, k.nullable) for c, k in zip(columns, keys, strict=True)]
    picked = select(*columns).order_by(*order_by(ordered))
    page_keys = session.execute(picked.offset(window.offset).limit(window.page_size + 1)).all()
    ids = [row[-1] for row in page_keys]
    found = {c.id: c for c in session.execute(select(Case).where(col(Case.id).in_(ids))).scalars()}
    rows, next_cursor = page_of([found[i] for i in ids if i in found], keys, window.page_size)
    total, exact = capped_count(session, *(select(Case).where(*where, r) for r in ranges))
    return Listing(rows, total, exact, next_cursor)
