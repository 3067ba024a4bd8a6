"""Each worker's load, per prison or per CJIT area: the cases they hold, and the open and overdue
tasks of those cases for their team (what goes to them). Counted by SQL when asked; every
active worker of the place is listed, holding nothing or not.

Who may see which place: prison staff their own prison, a CJIT worker their own area, a ROM any
prison or area of their region, an admin any (team leads and ROMs balance the work).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlmodel import Session, col

from resettlement.access.users import Principal
from resettlement.allocation.rules import PRISON_TEAMS
from resettlement.errors import Forbidden, InvalidInput
from resettlement.policy import Reference
from resettlement.storage.tables import Allocation, Case, Task, User
from resettlement.vocabulary import PlanParty, Role, TaskStatus


@dataclass(frozen=True)
class Place:
    """A prison (its three prison teams) or a CJIT area (the CJIT)."""

    prison: str | None = None
    area: str | None = None


def place_for(
    principal: Principal, prison: str | None, area: str | None, reference: Reference
) -> Place:
    """The place whose workload the caller asked for (their own by default): 422 when it is
    not one place, 403 when it is not theirs to see."""
    if prison is None and area is None:
        if principal.role == Role.prison_staff:
            prison = principal.scope
        elif principal.role == Role.cjit_worker:
            area = principal.scope
    if (prison is None) == (area is None):
        raise InvalidInput.one("prison", "give a prison or a CJIT area (one of them)")
    if prison is not None and prison not in reference.prisons:
        raise InvalidInput.one("prison", f"unknown prison code {prison!r}")
    if area is not None and area not in reference.areas:
        raise InvalidInput.one("area", f"unknown CJIT area code {area!r}")
    if not _may_see(principal, prison, area, reference):
        raise Forbidden(f"a {principal.role.value} may not see the workload of {prison or area}")
    return Place(prison, area)


def _may_see(
    principal: Principal, prison: str | None, area: str | None, reference: Reference
) -> bool:
    if principal.role == Role.admin:
        return True
    if principal.role == Role.prison_staff:
        return prison is not None and prison == principal.scope
    if principal.role == Role.cjit_worker:
        return area is not None and area == principal.scope
    if principal.role == Role.rom:
        region = reference.prisons[prison].region if prison else reference.areas[str(area)].region
        return region == principal.scope
    return False


# An open task of a case the allocation holds, for the allocation's team: the holder's work.
HOLDERS_OPEN_TASK = and_(
    col(Task.case_id) == col(Allocation.case_id),
    col(Task.team) == col(Allocation.team),
    col(Task.status) == TaskStatus.open.value,
)


def _overdue(now: datetime) -> Any:
    """How many of the joined open tasks are past their due time."""
    return func.coalesce(func.sum(case((col(Task.due_at) < now, 1), else_=0)), 0)


def _where(place: Place) -> tuple[list[str], ColumnElement[bool], ColumnElement[bool]]:
    """The place's teams, its workers (users) and its cases."""
    if place.prison is not None:
        teams = sorted(t.value for t in PRISON_TEAMS)
        users = and_(
            col(User.role) == Role.prison_staff.value,
            col(User.scope) == place.prison,
            col(User.team).in_(teams),
        )
        return teams, users, col(Case.prison) == place.prison
    users = and_(col(User.role) == Role.cjit_worker.value, col(User.scope) == place.area)
    return [PlanParty.cjit.value], users, col(Case.destination_area) == place.area


def workload(session: Session, place: Place, *, now: datetime) -> list[dict[str, Any]]:
    """[{username, team, cases, open_tasks, overdue_tasks}] by username and team."""
    teams, users, cases = _where(place)
    held = and_(
        col(Allocation.case_id) == col(Case.id),
        col(Allocation.ended_at).is_(None),
        col(Allocation.team).in_(teams),
    )
    loads = session.execute(
        select(col(Allocation.username), col(Allocation.team), func.count())
        .join(Case, held)
        .where(cases)
        .group_by(col(Allocation.username), col(Allocation.team))
    ).all()
    tasks = session.execute(
        select(col(Allocation.username), col(Allocation.team), func.count(), _overdue(now))
        .join(Case, held)
        .join(Task, HOLDERS_OPEN_TASK)
        .where(cases)
        .group_by(col(Allocation.username), col(Allocation.team))
    ).all()
    staff = session.execute(
        select(col(User.username), col(User.team)).where(users, col(User.active))
    ).all()
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for username, team in staff:
        key = (username, team or PlanParty.cjit.value)
        rows[key] = _empty(*key)
    for username, team, count in loads:
        rows.setdefault((username, team), _empty(username, team))["cases"] = int(count)
    for username, team, count, late in tasks:
        row = rows.setdefault((username, team), _empty(username, team))
        row["open_tasks"], row["overdue_tasks"] = int(count), int(late)
    return sorted(rows.values(), key=lambda r: (r["team"], r["username"]))


def _empty(username: str, team: str) -> dict[str, Any]:
    return {"username": username, "team": team, "cases": 0, "open_tasks": 0, "overdue_tasks": 0}


def cases_held_by(session: Session, username: str, *, now: datetime) -> list[dict[str, Any]]:
    """ "My cases": each case `username` holds now, for which team, with that team's open and
    overdue tasks on it; soonest release first."""
    rows = session.execute(
        select(Case, col(Allocation.team), func.count(col(Task.id)), _overdue(now))
        .join(Allocation, col(Allocation.case_id) == col(Case.id))
        .outerjoin(Task, HOLDERS_OPEN_TASK)
        .where(col(Allocation.username) == username, col(Allocation.ended_at).is_(None))
        .group_by(col(Case.id), col(Allocation.team))
        .order_by(col(Case.release_date), col(Case.id))
    ).all()
    return [
        {"case": c, "team": team, "open_tasks": int(n), "overdue_tasks": int(late)}
        for c, team, n, late in rows
    ]
