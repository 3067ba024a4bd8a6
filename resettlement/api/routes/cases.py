"""GET /cases (the caseload, filtered and paged) and GET /cases/{id} (one case, audited)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from resettlement.access.audit import record_reads
from resettlement.api.deps import Caller, ReadDB
from resettlement.api.schemas import MAX_PAGE, Page
from resettlement.cases.lookup import get_case
from resettlement.paging import MAX_CURSOR_CHARS, Window
from resettlement.reads.case_view import case_detail
from resettlement.reads.caseload import CaseFilters, list_cases
from resettlement.reads.summary import CaseDetail, CaseSummary
from resettlement.vocabulary import Stage

router = APIRouter(tags=["cases"])

PageNo = Annotated[int, Query(ge=1, le=MAX_PAGE, description="page number, from 1")]
PageSize = Annotated[int, Query(ge=1, le=100, description="items per page (1-100)")]
CursorQ = Annotated[
    str | None,
    Query(
        max_length=MAX_CURSOR_CHARS,
        description="the previous answer's next_cursor: the page after it (page is then ignored)",
    ),
]


@router.get("/cases", response_model=Page[CaseSummary])
def cases(
    caller: Caller,
    session: ReadDB,
    prison: str | None = None,
    area: str | None = None,
    region: str | None = None,
    stage: Stage | None = None,
    housing_resolved: bool | None = None,
    releasing_within_days: Annotated[int | None, Query(ge=0, le=3650)] = None,
    q: Annotated[str | None, Query(max_length=100, description="name or prison number")] = None,
    overdue: Annotated[bool | None, Query(description="has an open task past due")] = None,
    active: Annotated[bool | None, Query(description="true: not closed or withdrawn")] = None,
    sort: Annotated[
        Literal["release_date", "-release_date"],
        Query(description="release_date: soonest first; -release_date: latest first"),
    ] = "release_date",
    page: PageNo = 1,
    page_size: PageSize = 50,
    cursor: CursorQ = None,
) -> Page[CaseSummary]:
    filters = CaseFilters(
        prison=prison,
        area=area,
        region=region,
        stage=stage,
        housing_resolved=housing_resolved,
        releasing_within_days=releasing_within_days,
        search=q,
        overdue=overdue,
        active=active,
    )
    listing = list_cases(
        session,
        caller,
        filters,
        Window(page, page_size, cursor),
        latest_release_first=sort == "-release_date",
    )
    record_reads(session, caller, [c.id for c in listing.rows], action="list")
    return Page.of(listing, [CaseSummary.of(c) for c in listing.rows])


@router.get("/cases/{case_id}", response_model=CaseDetail)
def case(case_id: str, caller: Caller, session: ReadDB) -> CaseDetail:
    """The case in full, as the caller may see it (consent and need-to-know applied)."""
    row = get_case(session, caller, case_id)
    record_reads(session, caller, [row.id])
    return case_detail(session, caller, row)
