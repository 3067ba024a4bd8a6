"""Reading allocations: who holds a case now for each team, and every earlier worker (the
history), as rows for the case view. What a caller may see of them is decided by the read
models (reads/, through access/visibility.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlmodel import Session, col, select

from resettlement.storage.rows import as_dict
from resettlement.storage.tables import Allocation, Case


class AllocationOut(BaseModel):
    team: str
    username: str
    allocated_at: datetime
    allocated_by: str
    reason: str | None = Field(description="why this worker (when they replaced another)")
    ended_at: datetime | None = None
    ended_by: str | None = None
    end_reason: str | None = None


def allocation_rows(session: Session, case: Case) -> list[dict[str, Any]]:
    """Every allocation of the case, newest first (current ones have no `ended_at`)."""
    rows = session.exec(
        select(Allocation)
        .where(col(Allocation.case_id) == case.id)
        .order_by(col(Allocation.allocated_at).desc(), col(Allocation.id).desc())
    )
    return [as_dict(a, drop=("case_id", "id")) for a in rows]


def current(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r for r in rows if r.get("ended_at") is None]
