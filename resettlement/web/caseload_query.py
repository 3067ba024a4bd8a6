"""The caseload page's query: exactly the API's caseload (`services.cases.list_cases`), so the
page and GET /cases never disagree about who is listed, plus overdue counts per row."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import func, select
from sqlmodel import Session, col

from resettlement import clock
from resettlement.access.users import Principal
from resettlement.paging import Listing, Window
from resettlement.reads.caseload import CaseFilters, list_cases
from resettlement.storage.tables import Case, Task
from resettlement.vocabulary import TaskStatus


@dataclass(frozen=True)
class PageQuery:
    filters: CaseFilters
    overdue_only: bool = False
    newest_release_first: bool = False
    window: Window = field(default_factory=lambda: Window(1, 25))


def caseload_page(session: Session, principal: Principal, query: PageQuery) -> Listing[Case]:
    """One page of the caller's caseload, sorted by release date (soonest first by default)."""
    filters = replace(query.filters, overdue=True) if query.overdue_only else query.filters
    return list_cases(
        session,
        principal,
        filters,
        query.window,
        latest_release_first=query.newest_release_first,
    )


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
