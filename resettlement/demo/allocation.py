"""Named workers in the synthetic region: the simulated staff are users, and once a person is
assessed each team's member of staff names themselves as its worker on the case (the CJIT
worker who accepts a handover holds the case from then); at the end a few cases go to each of
the demo's sign-ins, so that "My cases" and "My tasks" have something in them. Through the same
service as PUT /cases/{id}/allocation/{team}."""

from __future__ import annotations

from sqlmodel import col, select

from resettlement.access.users import Principal, add_user
from resettlement.allocation.commands import allocate
from resettlement.demo.world import World, read
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Allocation, Case, User
from resettlement.vocabulary import COMMUNITY_STAGES, CUSTODY_STAGES, PlanParty, Role, Stage

CUSTODY = [s.value for s in CUSTODY_STAGES]
PRISON_PARTIES = (PlanParty.hacs, PlanParty.carat, PlanParty.probation)
DEMO_CASES_EACH = 8


def staff_users(world: World) -> None:
    """Every simulated member of staff as a user (no password: they never sign in)."""
    people = [*world.staff.prison.values(), *world.staff.cjit.values()]
    with session_scope() as session:
        for p in people:
            add_user(
                session,
                username=p.username,
                role=p.role,
                scope=p.scope,
                team=p.team,
                reference=world.reference,
            )


def _unheld(team: PlanParty) -> list[Case]:
    """Assessed custody cases no one holds for `team` yet."""
    held = select(col(Allocation.case_id)).where(
        col(Allocation.team) == team.value, col(Allocation.ended_at).is_(None)
    )
    with read() as session:
        return list(
            session.exec(
                select(Case)
                .where(
                    col(Case.stage).in_(CUSTODY),
                    col(Case.stage) != Stage.received.value,
                    col(Case.id).not_in(held),
                )
                .order_by(col(Case.prison_number))
            )
        )


def name_workers(world: World) -> None:
    """Each prison team names its worker on some of the assessed cases it does not hold yet."""
    for team in PRISON_PARTIES:
        for case in _unheld(team):
            by = world.staff.for_party(team, case.prison, case.destination_area)
            if by is not None and world.chance(0.2):
                _allocate(world, by, case.id, team, None)


def _allocate(
    world: World, by: Principal, case_id: str, team: PlanParty, reason: str | None
) -> None:
    world.act(
        "allocated",
        lambda s: allocate(
            s, principal=by, case_id=case_id, team=team, username=by.username, reason=reason
        ),
    )


def give_demo_cases(world: World) -> None:
    """A few cases to each of the demo's sign-ins of a team (and the demo's CJIT worker)."""
    with read() as session:
        users = list(session.exec(select(User).where(col(User.username).like("demo-%"))))
    for user in users:
        role = Role(user.role)
        if role == Role.prison_staff and user.team:
            team, where = PlanParty(user.team), col(Case.prison) == user.scope
            stages = CUSTODY
        elif role == Role.cjit_worker:
            team, where = PlanParty.cjit, col(Case.destination_area) == user.scope
            stages = [s.value for s in COMMUNITY_STAGES]
        else:
            continue
        with read() as session:
            cases = list(
                session.exec(
                    select(Case)
                    .where(where, col(Case.stage).in_(stages))
                    .order_by(col(Case.release_date), col(Case.id))
                    .limit(DEMO_CASES_EACH)
                )
            )
        me = Principal(user.username, role, user.scope, user.team)
        for case in cases:
            _allocate(world, me, case.id, team, "Cases shared out to the demo's sign-in")
