"""GET /people/{prison_number}/export (admin): subject access, everything held about a person."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path

from resettlement.api.deps import Admin, ReadDB
from resettlement.privacy.export import subject_access

router = APIRouter(tags=["people"])
PrisonNumber = Annotated[str, Path(min_length=1, max_length=7, description="e.g. A1234BC")]


@router.get("/people/{prison_number}/export")
def export(prison_number: PrisonNumber, caller: Admin, session: ReadDB) -> dict[str, Any]:
    """Every case of the person and its records, the consents, the raw prison events, and who
    read each case (UK GDPR subject access); the export itself is audited."""
    return subject_access(session, caller, prison_number)
