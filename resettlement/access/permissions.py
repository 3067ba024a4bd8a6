"""Who may do which write: one table, used by every command, route and page (least privilege).

A prison user acts only for its own team (`hacs`, `carat`, `probation`); without a team it may
read but not write. A plan section or signature for party P needs team P (`cjit` is the CJIT
worker's party). The `feed` role only posts prison events, and reads nothing. Admins may do
everything. Scope (which cases) is decided apart, in access/scope.py: a case out of scope is a
404 before any of this is asked.

| action | who may (besides admin) |
| --- | --- |
| HACS assessment, accommodation, duty to refer, placements | prison staff of team hacs |
| CARAT assessment, consents | prison staff of team carat (and a CJIT worker: a withdrawal) |
| plan section / signature for party P | prison staff of team P; the CJIT worker for `cjit` |
| a need owned by party P; naming team P's worker on a case | the same: the team of P |
| the person's one-time link | prison staff of any team; the CJIT worker (once released) |
| tenancy check, handover (accept, missed appointment) | CJIT worker |
| complete a task | whoever's team the task is (prison staff of that team, CJIT, ROM) |
| the person's contact details (mobile, SMS consent) | prison staff of any team; CJIT worker |
| add or change a service of the catalogue | ROM (within its region: catalogue/commands.py) |
| post a prison event | feed |
| manage users | admin only |
"""

from __future__ import annotations

from dataclasses import dataclass

from resettlement.access.users import Principal
from resettlement.errors import Forbidden
from resettlement.vocabulary import Action, PlanParty, Role, Team


@dataclass(frozen=True)
class Allowed:
    """A role that may do an action; for prison staff, the team it must belong to."""

    role: Role
    team: Team | None = None

    def admits(self, principal: Principal) -> bool:
        if principal.role != self.role:
            return False
        return self.team is None or principal.team == self.team


HACS = Allowed(Role.prison_staff, Team.hacs)
CARAT = Allowed(Role.prison_staff, Team.carat)
PROBATION = Allowed(Role.prison_staff, Team.probation)
CJIT = Allowed(Role.cjit_worker)
ANY_PRISON_TEAM = tuple(
    Allowed(Role.prison_staff, t) for t in (Team.hacs, Team.carat, Team.probation)
)

# The one table. Plan actions depend on the party: see `_allowed`.
WRITES: dict[Action, tuple[Allowed, ...]] = {
    Action.hacs_assessment: (HACS,),
    Action.accommodation: (HACS,),
    Action.duty_to_refer: (HACS,),
    Action.placement: (HACS,),
    Action.carat_assessment: (CARAT,),
    Action.consent: (CARAT, CJIT),
    Action.tenancy_check: (CJIT,),
    Action.handover: (CJIT,),
    Action.contact: (*ANY_PRISON_TEAM, CJIT),
    Action.post_event: (Allowed(Role.feed),),
    Action.manage_services: (Allowed(Role.rom),),
    Action.manage_users: (),
    # The stage decides further: the CJIT once the person is released (person_view/rules.py).
    Action.person_link: (HACS, CARAT, PROBATION, CJIT),
}
PARTY_WRITERS: dict[PlanParty, Allowed] = {
    PlanParty.hacs: HACS,
    PlanParty.carat: CARAT,
    PlanParty.probation: PROBATION,
    PlanParty.cjit: CJIT,
}
# Actions for one party (team): its plan section and signature, its needs, naming its worker.
PLAN_ACTIONS = frozenset({Action.plan_section, Action.plan_sign, Action.need, Action.allocate})
# Roles that may post prison events (POST /events, and POST /hmpps-events).
EVENT_POSTERS = frozenset({Role.feed, Role.admin})
# The team a task belongs to -> who completes it by hand.
TASK_TEAMS: dict[Team, Allowed] = {
    Team.hacs: HACS,
    Team.carat: CARAT,
    Team.probation: PARTY_WRITERS[PlanParty.probation],
    Team.cjit: CJIT,
    Team.rom: Allowed(Role.rom),
}


def _allowed(
    action: Action, party: PlanParty | None, task_team: Team | None
) -> tuple[Allowed, ...]:
    if action in PLAN_ACTIONS:
        return (PARTY_WRITERS[party],) if party is not None else tuple(PARTY_WRITERS.values())
    if action == Action.complete_task:
        return (TASK_TEAMS[task_team],) if task_team is not None else tuple(TASK_TEAMS.values())
    return WRITES[action]


def may(
    principal: Principal,
    action: Action,
    *,
    party: PlanParty | None = None,
    task_team: Team | None = None,
) -> bool:
    """Whether `principal` may do `action` (for that plan party or task team, when given).

    Without a party (or team), whether it may for at least one: what a route checks before
    it knows the case.
    """
    if principal.role == Role.admin:
        return True
    return any(rule.admits(principal) for rule in _allowed(action, party, task_team))


def require(
    principal: Principal,
    action: Action,
    *,
    party: PlanParty | None = None,
    task_team: Team | None = None,
) -> None:
    """403 (Forbidden) unless `principal` may do `action`."""
    if not may(principal, action, party=party, task_team=task_team):
        raise Forbidden(_refusal(principal, action, party, task_team))


def _refusal(
    principal: Principal, action: Action, party: PlanParty | None, task_team: Team | None
) -> str:
    what = action.value.replace("_", " ")
    if party is not None:
        what += f" for {party.value}"
    if task_team is not None:
        what += f" of team {task_team.value}"
    who = principal.role.value
    if principal.role == Role.prison_staff:
        who += f" of team {principal.team}" if principal.team else " without a team"
    allowed = ", ".join(_describe(a) for a in _allowed(action, party, task_team)) or "admin only"
    return f"a {who} may not {what} (allowed: {allowed})"


def _describe(rule: Allowed) -> str:
    return rule.role.value + (f" of team {rule.team.value}" if rule.team else "")
