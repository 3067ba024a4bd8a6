"""Naming the worker who holds a case for a team, and ending allocations when the person moves
on (a transfer, a release the CJIT has accepted, another destination area)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from resettlement import clock
from resettlement.access.users import Principal
from resettlement.allocation.rules import PRISON_TEAMS, Worker, reason_problem, worker_problem
from resettlement.cases.lookup import case_for_write, flush_or_conflict
from resettlement.cases.timeline import record
from resettlement.errors import Conflict, InvalidInput
from resettlement.storage.tables import Allocation, User
from resettlement.vocabulary import FINAL_STAGES, Action, PlanParty, Role, Stage


def end_allocations(
    session: Session,
    *,
    case_id: str,
    teams: Iterable[PlanParty],
    by: str,
    reason: str,
    at: datetime,
) -> int:
    """The case's current allocations for `teams` end (kept as history); how many ended. Their
    open tasks are then unassigned (a task's assignee is its team's current worker)."""
    if session.autoflush:  # as the ORM UPDATE would; the table UPDATE below skips the ORM
        session.flush()
    table = Allocation.__table__  # type: ignore[attr-defined]
    result = session.execute(
        update(table)
        .where(
            table.c.case_id == case_id,
            table.c.team.in_([t.value for t in teams]),
            table.c.ended_at.is_(None),
        )
        .values(ended_at=at, ended_by=by, end_reason=reason)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def on_transfer(session: Session, case_id: str, *, to_prison: str, by: str, at: datetime) -> int:
    """A transfer: the prison teams' workers let go (the new prison names its own)."""
    reason = f"transferred to {to_prison}"
    return end_allocations(
        session, case_id=case_id, teams=PRISON_TEAMS, by=by, reason=reason, at=at
    )


def on_new_area(session: Session, case_id: str, *, area: str, by: str, at: datetime) -> int:
    """The person returns to another area: its CJIT worker lets go."""
    reason = f"returning to another area ({area})"
    return end_allocations(
        session, case_id=case_id, teams=[PlanParty.cjit], by=by, reason=reason, at=at
    )


@dataclass(frozen=True)
class Allocated:
    """The allocation that holds the case now, and the worker it replaced (if any)."""

    allocation: Allocation
    replaced: str | None = None
    changed: bool = True


def worker_of(session: Session, username: str) -> Worker | None:
    """A user as the allocation rules see it (None if there is no such user)."""
    user = session.exec(select(User).where(col(User.username) == username)).first()
    if user is None:
        return None
    return Worker(user.username, Role(user.role), user.scope, user.team, user.active)


def current_allocation(session: Session, case_id: str, team: PlanParty) -> Allocation | None:
    return session.exec(
        select(Allocation).where(
            col(Allocation.case_id) == case_id,
            col(Allocation.team) == team.value,
            col(Allocation.ended_at).is_(None),
        )
    ).first()


def allocate(
    session: Session,
    *,
    principal: Principal,
    case_id: str,
    team: PlanParty,
    username: str,
    reason: str | None,
) -> Allocated:
    """Name `username` as `team`'s worker on the case: a member of that team may (403 else), the
    worker must be of that team and scope (422 naming `username`), replacing a worker needs a
    `reason` (422); the earlier allocation is kept, ended, in the history."""
    case = case_for_write(session, principal, case_id, Action.allocate, party=team)
    if Stage(case.stage) in FINAL_STAGES:
        raise Conflict(f"cannot allocate: the case is {case.stage}")
    problem = worker_problem(
        worker_of(session, username), team=team, prison=case.prison, area=case.destination_area
    )
    if problem:
        raise InvalidInput.one("username", problem)
    now, held = clock.now(), current_allocation(session, case.id, team)
    if held is not None and held.username == username:
        return Allocated(held, changed=False)
    refusal = reason_problem(held.username if held else None, username, reason)
    if refusal:
        raise InvalidInput.one("reason", refusal)
    if held is not None:
        held.ended_at, held.ended_by = now, principal.username
        held.end_reason = f"reallocated to {username}"
        session.add(held)
        session.flush()  # one current worker per case and team (a unique index)
    row = Allocation(
        case_id=case.id,
        team=team.value,
        username=username,
        allocated_at=now,
        allocated_by=principal.username,
        reason=(reason or "").strip() or None,
    )
    session.add(row)
    flush_or_conflict(session, f"the {team.value} worker was named meanwhile; read it and retry")
    record(
        session,
        case_id=case.id,
        kind="allocated",
        actor=principal.username,
        data={"team": team.value, "worker": username, "replaced": held.username if held else None},
    )
    return Allocated(row, held.username if held else None)


def hold_if_unheld(
    session: Session, *, case_id: str, team: PlanParty, username: str, by: str, at: datetime
) -> bool:
    """Name `username` for `team` unless someone holds the case for it already (the CJIT worker
    who accepts a handover holds the case until their team names another)."""
    if current_allocation(session, case_id, team) is not None:
        return False
    session.add(
        Allocation(
            case_id=case_id, team=team.value, username=username, allocated_at=at, allocated_by=by
        )
    )
    record(
        session,
        case_id=case_id,
        kind="allocated",
        actor=by,
        data={"team": team.value, "worker": username, "replaced": None},
        at=at,
    )
    return True
