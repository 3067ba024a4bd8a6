"""POST /cases/{id}/person-link: a one-time link for the person to see their own plan."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from resettlement.api.deps import Caller, WriteDB
from resettlement.person_view.inputs import PersonLinkIn

router = APIRouter(tags=["the person's own plan"])


class PersonLinkOut(BaseModel):
    url: str = Field(description="the link, with its secret: shown once, never stored")
    expires_at: datetime
    send_by: str


@router.post("/cases/{case_id}/person-link", response_model=PersonLinkOut, status_code=201)
def person_link(
    case_id: str,
    request: Request,
    caller: Caller,
    session: WriteDB,
    body: PersonLinkIn | None = None,
) -> PersonLinkOut:
    """Prison staff (any team), the CJIT worker of the case's area once the person is released,
    or an admin. The link works for one sign-in with the person's date of birth, not after
    `expires_at`, and ends after five wrong dates of birth; an earlier unused link stops."""
    chosen = body or PersonLinkIn()
    issued = chosen.apply(
        session, principal=caller, case_id=case_id, base_url=str(request.base_url)
    )
    return PersonLinkOut(url=issued.url, expires_at=issued.expires_at, send_by=chosen.send_by)
