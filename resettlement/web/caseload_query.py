"""The caseload page's query: the API's caseload filters, plus "has overdue work" and a sort order.

The scope and the filters are the caseload service's own (`services.cases`); this adds only what
the page offers beyond GET /cases, so the page and the API never disagree about who is listed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, exists, func, nulls_last, select
from sqlmodel import Session, col

from resettlement import clock
from resettlement.domain.vocabulary import TaskStatus
from resettlement.services import cases as case_service
from resettlement.services.cases import CaseFilters
from resettlement.services.users import Principal
from resettlement.storage.tables import Case, Task


@dataclass(frozen=True)
class PageQuery:
    filters: CaseFilters
    overdue_only: bool = False
    newest_release_first: bool = False
    page: int = 1
    page_size: int = 25


def _overdue(now: datetime) -> ColumnElement[bool]:
    """The case has an open task past its due time."""
    return exists().where(
        col(Task.case_id) == col(Case.id),
        col(Task.status) == TaskStatus.open.value,
        col(Task.due_at) < now,
    )


def caseload_page(
    session: Session, principal: Principal, query: PageQuery
) -> tuple[list[Case], int]:
    """One page of the caller's caseload, sorted by release date (soonest first by default)."""
    now = clock.now()
    where = case_service._where(principal, query.filters, clock.today())
    if query.overdue_only:
        where.append(_overdue(now))
    total = session.execute(select(func.count()).select_from(Case).where(*where)).scalar_one()
    release = col(Case.release_date)
    order = release.desc() if query.newest_release_first else release.asc()
    rows = session.execute(
        select(Case)
        .where(*where)
        .order_by(nulls_last(order), col(Case.family_name), col(Case.id))
        .offset((query.page - 1) * query.page_size)
        .limit(query.page_size)
    ).scalars()
    return list(rows), int(total)


def overdue_counts(session: Session, case_ids: Sequence[str]) -> dict[str, int]:
    """How many open tasks are past due, per case (for the cases on one page)."""
    if not case_ids:
        return {}
    query = (
        select(col(Task.case_id), func.count())
        .where(
            col(Task.case_id).in_(list(case_ids)),
            col(Task.status) == TaskStatus.open.value,
            col(Task.due_at) < clock.now(),
        )
        .group_by(col(Task.case_id))
    )
    return {case_id: int(n) for case_id, n in session.execute(query)}
