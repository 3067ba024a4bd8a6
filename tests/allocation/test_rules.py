"""Allocation validity as pure rules: the worker of a team and scope, who may name them, the
reason a reallocation needs."""

import pytest

from resettlement.access.permissions import may
from resettlement.access.users import Principal
from resettlement.allocation.rules import (
    PRISON_TEAMS,
    Worker,
    reason_problem,
    worker_problem,
)
from resettlement.vocabulary import Action, PlanParty, Role, Team

PRISON, AREA = "DMI", "E08000021"


def hacs_worker(**kw) -> Worker:
    values = {"username": "amy", "role": Role.prison_staff, "scope": PRISON, "team": "hacs"}
    return Worker(**(values | kw))


def problem(worker: Worker | None, team: PlanParty = PlanParty.hacs) -> str | None:
    return worker_problem(worker, team=team, prison=PRISON, area=AREA)


def test_a_prison_worker_of_the_team_at_the_cases_prison_may_hold_it():
    assert problem(hacs_worker()) is None
    assert "carat team" in str(problem(hacs_worker(), PlanParty.carat))
    assert "prison" in str(problem(hacs_worker(scope="HHI")))
    assert "hacs team" in str(problem(hacs_worker(team=None)))
    assert "disabled" in str(problem(hacs_worker(active=False)))
    assert problem(None) == "is not a user"


def test_the_cjit_worker_of_the_area_the_person_returns_to_holds_it_for_the_cjit():
    cjit = Worker("sam", Role.cjit_worker, AREA, None)
    assert problem(cjit, PlanParty.cjit) is None
    assert "area" in str(
        problem(Worker("sam", Role.cjit_worker, "W06000015", None), PlanParty.cjit)
    )
    assert "not a CJIT worker" in str(problem(hacs_worker(), PlanParty.cjit))
    assert worker_problem(cjit, team=PlanParty.cjit, prison=PRISON, area=None) is not None
    assert "hacs team" in str(problem(cjit, PlanParty.hacs))


@pytest.mark.parametrize(
    ("role", "own_team", "team", "allowed"),
    [
        (Role.admin, None, PlanParty.probation, True),
        (Role.prison_staff, "hacs", PlanParty.hacs, True),
        (Role.prison_staff, "hacs", PlanParty.carat, False),
        (Role.prison_staff, None, PlanParty.hacs, False),
        (Role.cjit_worker, None, PlanParty.cjit, True),
        (Role.cjit_worker, None, PlanParty.hacs, False),
        (Role.rom, None, PlanParty.cjit, False),
    ],
)
def test_a_member_of_the_team_names_its_worker(role, own_team, team, allowed):
    who = Principal("someone", role, None, Team(own_team) if own_team else None)
    assert may(who, Action.allocate, party=team) == allowed


def test_replacing_a_worker_needs_a_reason_and_a_first_allocation_does_not():
    assert reason_problem(None, "amy", None) is None
    assert reason_problem("amy", "amy", None) is None
    assert "reason" in str(reason_problem("amy", "bob", " "))
    assert reason_problem("amy", "bob", "Amy moved to the women's prison") is None
    assert PlanParty.cjit not in PRISON_TEAMS
