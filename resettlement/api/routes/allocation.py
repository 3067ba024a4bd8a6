"""Who holds a case: PUT /cases/{id}/allocation/{team}, and GET /workload (each worker's load)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from resettlement import clock
from resettlement.allocation.inputs import AllocationIn
from resettlement.allocation.reads import AllocationOut
from resettlement.allocation.workload import place_for, workload
from resettlement.api.deps import Caller, ReadDB, ReferenceDep, WriteDB
from resettlement.api.routes.cases import CursorQ, PageNo, PageSize
from resettlement.api.schemas import Page
from resettlement.paging import Window, slice_page
from resettlement.reads.case_view import allocations_for
from resettlement.vocabulary import PlanParty

router = APIRouter(tags=["allocation"])


class AllocationAnswer(BaseModel):
    allocation: AllocationOut
    replaced: str | None
    allocations: list[AllocationOut]


@router.put("/cases/{case_id}/allocation/{team}", response_model=AllocationAnswer)
def put_allocation(
    case_id: str, team: PlanParty, body: AllocationIn, caller: Caller, session: WriteDB
) -> AllocationAnswer:
    """Name the worker who holds the case for `team` (a member of that team, or an admin). The
    case's open tasks for that team go to them, and so do later ones; the worker they replace
    (a reason is then required) stays in the history."""
    done = body.apply(session, principal=caller, case_id=case_id, team=team)
    session.flush()
    return AllocationAnswer(
        allocation=AllocationOut.model_validate(done.allocation, from_attributes=True),
        replaced=done.replaced,
        allocations=[
            AllocationOut.model_validate(a) for a in allocations_for(session, caller, case_id)
        ],
    )


class WorkloadItem(BaseModel):
    username: str
    team: str
    cases: int
    open_tasks: int
    overdue_tasks: int


@router.get("/workload", response_model=Page[WorkloadItem])
def get_workload(
    caller: Caller,
    session: ReadDB,
    ref: ReferenceDep,
    prison: Annotated[str | None, Query(max_length=3, description="a prison code")] = None,
    area: Annotated[str | None, Query(max_length=9, description="a CJIT area code")] = None,
    page: PageNo = 1,
    page_size: PageSize = 50,
    cursor: CursorQ = None,
) -> Page[WorkloadItem]:
    """Each worker of a prison (its HACS, CARAT and probation teams) or of a CJIT area: the cases
    they hold, and those cases' open and overdue tasks for their team. Prison staff and CJIT
    workers see their own place (the default), a ROM any place of the region, an admin any."""
    place = place_for(caller, prison, area, ref)
    listing = slice_page(workload(session, place, now=clock.now()), Window(page, page_size, cursor))
    return Page.of(listing, [WorkloadItem(**r) for r in listing.rows])
