"""Reading allocations: who holds a case now for each team, and every earlier worker (the
history), as rows for the case view. What a caller may see of them is decided by the read
models (reads/, through access/visibility.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlmodel import Session, col, select

from resettlement.access.permissions import may
from resettlement.access.users import Principal
from resettlement.allocation.rules import Worker, worker_problem
from resettlement.storage.rows import as_dict
from resettlement.storage.tables import Allocation, Case, User
from resettlement.vocabulary import FINAL_STAGES, Action, PlanParty, Role, Stage


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


def eligible_workers(session: Session, case: Case, team: PlanParty) -> list[str]:
    """The users who may hold the case for `team` (rules.worker_problem), by username."""
    place = (
        (Role.cjit_worker, case.destination_area)
        if team == PlanParty.cjit
        else (
            Role.prison_staff,
            case.prison,
        )
    )
    users = session.exec(
        select(User)
        .where(col(User.role) == place[0].value, col(User.scope) == place[1], col(User.active))
        .order_by(col(User.username))
    )
    return [
        u.username
        for u in users
        if worker_problem(
            Worker(u.username, Role(u.role), u.scope, u.team, u.active),
            team=team,
            prison=case.prison,
            area=case.destination_area,
        )
        is None
    ]


def nameable(session: Session, principal: Principal, case: Case) -> dict[str, list[str]]:
    """For each team `principal` may name a worker for (access/permissions.py): who may be
    named on this case. Nothing on a closed or withdrawn case."""
    if Stage(case.stage) in FINAL_STAGES:
        return {}
    return {
        team.value: eligible_workers(session, case, team)
        for team in PlanParty
        if may(principal, Action.allocate, party=team)
    }
