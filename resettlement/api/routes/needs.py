"""Needs on the seven pathways: the catalogue, a case's needs, recording and updating one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel
from sqlmodel import Session

from resettlement.access.audit import record_reads
from resettlement.access.users import Principal
from resettlement.api.deps import Caller, WriteDB
from resettlement.api.routes.cases import CursorQ, PageNo, PageSize
from resettlement.api.schemas import Page
from resettlement.cases.lookup import get_case
from resettlement.errors import NotFound
from resettlement.needs.catalogue import get_catalogue
from resettlement.needs.inputs import NeedIn, NeedUpdateIn
from resettlement.needs.reads import NeedOut
from resettlement.paging import Window, slice_page
from resettlement.reads.case_view import needs_for

router = APIRouter(tags=["needs"])
NeedId = Annotated[str, Path(max_length=36)]


class CatalogueNeedOut(BaseModel):
    pathway: str
    need: str
    title: str
    owner: str


@router.get("/needs/catalogue", response_model=Page[CatalogueNeedOut])
def catalogue(
    _caller: Caller, page: PageNo = 1, page_size: PageSize = 50, cursor: CursorQ = None
) -> Page[CatalogueNeedOut]:
    """What may be recorded as a need on each pathway, and the party that usually owns it."""
    items = [
        CatalogueNeedOut(pathway=p.value, need=n.code, title=n.title, owner=n.owner.value)
        for p, needs in get_catalogue().choices()
        for n in needs
    ]
    listing = slice_page(items, Window(page, page_size, cursor))
    return Page.of(listing, listing.rows)


def _need(session: Session, caller: Principal, case_id: str, need_id: str) -> NeedOut:
    """One need as the caller may see it: the answer to a write."""
    for need in needs_for(session, caller, get_case(session, caller, case_id)):
        if need["id"] == need_id:
            return NeedOut.model_validate(need)
    raise NotFound(f"no need {need_id} on case {case_id}")


@router.get("/cases/{case_id}/needs", response_model=Page[NeedOut])
def needs(
    case_id: str,
    caller: Caller,
    session: WriteDB,
    page: PageNo = 1,
    page_size: PageSize = 50,
    cursor: CursorQ = None,
) -> Page[NeedOut]:
    """The current custody episode's needs by pathway, as the caller may see them."""
    case = get_case(session, caller, case_id)
    record_reads(session, caller, [case.id], action="read_needs")
    listing = slice_page(needs_for(session, caller, case), Window(page, page_size, cursor))
    return Page.of(listing, [NeedOut.model_validate(n) for n in listing.rows])


@router.post("/cases/{case_id}/needs", response_model=NeedOut, status_code=201)
def add(case_id: str, body: NeedIn, caller: Caller, session: WriteDB) -> NeedOut:
    """Record a need from the catalogue, owned by a party; it starts not_started. Only the
    owner's team records or updates it (admins any)."""
    need = body.apply(session, principal=caller, case_id=case_id)
    session.flush()
    return _need(session, caller, case_id, need.id)


@router.put("/cases/{case_id}/needs/{need_id}", response_model=NeedOut)
def update(
    case_id: str, need_id: NeedId, body: NeedUpdateIn, caller: Caller, session: WriteDB
) -> NeedOut:
    """A dated update by the owner's team: a new status, a note, or both."""
    body.apply(session, principal=caller, case_id=case_id, need_id=need_id)
    return _need(session, caller, case_id, need_id)
