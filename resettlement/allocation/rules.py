"""Rules of allocation (pure): who may be named as a team's worker on a case, who may name them,
when a reallocation needs a reason, and which allocations end when the person moves on.

A team's worker on a case is a user of that team and scope: a prison user of the team (hacs,
carat, probation) at the case's prison, or for the CJIT a CJIT worker of the case's destination
area. A member of a team names its worker (admins any team: access/permissions.py,
`Action.allocate` for the team's party). Replacing a worker needs a reason,
kept in the history. A transfer ends the prison teams' allocations (the new prison allocates);
a release ends them once the CJIT has accepted the handover.
"""

from __future__ import annotations

from dataclasses import dataclass

from resettlement.vocabulary import PlanParty, Role

# A transfer, or a release once the CJIT accepts, ends these teams' allocations.
PRISON_TEAMS = frozenset({PlanParty.hacs, PlanParty.carat, PlanParty.probation})


@dataclass(frozen=True)
class Worker:
    """What the rules need to know of a user who might hold a case."""

    username: str
    role: Role
    scope: str | None
    team: str | None
    active: bool = True


def worker_problem(
    worker: Worker | None, *, team: PlanParty, prison: str, area: str | None
) -> str | None:
    """Why `worker` cannot hold a case of `prison` (returning to `area`) for `team`; None if
    they can."""
    if worker is None:
        return "is not a user"
    if not worker.active:
        return f"{worker.username} is disabled"
    if team == PlanParty.cjit:
        if worker.role != Role.cjit_worker:
            return f"{worker.username} is not a CJIT worker"
        if area is None or worker.scope != area:
            return f"{worker.username} does not work in the CJIT area the person returns to"
        return None
    if worker.role != Role.prison_staff or worker.team != team.value:
        return f"{worker.username} is not in the prison's {team.value} team"
    if worker.scope != prison:
        return f"{worker.username} does not work at the case's prison ({prison})"
    return None


def reason_problem(current: str | None, new: str, reason: str | None) -> str | None:
    """Replacing a worker needs a reason for the history (None when none is needed or given)."""
    if current is not None and current != new and not (reason or "").strip():
        return f"give the reason for replacing {current}"
    return None
