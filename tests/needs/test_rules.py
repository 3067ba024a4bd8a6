"""The rules of needs as pure functions: who may write one, status changes, when a need not
started is chased, its deadline."""

from datetime import date, timedelta

import pytest

from resettlement.access.users import Principal
from resettlement.needs.rules import (
    chase_due_on,
    chase_from,
    consent_refusal,
    is_open,
    need_task_due,
    owners_for,
    status_refusal,
)
from resettlement.policy import get_policy
from resettlement.vocabulary import NeedStatus, PlanParty, Role, Stage, Team

RULES = get_policy().needs
RELEASE = date(2027, 3, 1)


def principal(role: Role, team: Team | None = None) -> Principal:
    return Principal("someone", role, None, team)


@pytest.mark.parametrize(
    ("who", "owners"),
    [
        (principal(Role.admin), set(PlanParty)),
        (principal(Role.prison_staff, Team.hacs), {PlanParty.hacs}),
        (principal(Role.prison_staff, Team.probation), {PlanParty.probation}),
        (principal(Role.prison_staff), set()),
        (principal(Role.cjit_worker), {PlanParty.cjit}),
        (principal(Role.rom), set()),
        (principal(Role.feed), set()),
    ],
)
def test_a_need_is_written_by_its_owners_team(who, owners):
    assert set(owners_for(who)) == owners


@pytest.mark.parametrize("pathway", ["drugs_alcohol", "health"])
def test_a_cjit_worker_writes_a_drugs_or_health_need_only_with_consent(pathway):
    assert consent_refusal(Role.cjit_worker, pathway, consent=False) is not None
    assert consent_refusal(Role.cjit_worker, pathway, consent=True) is None
    assert consent_refusal(Role.cjit_worker, "accommodation", consent=False) is None
    assert consent_refusal(Role.prison_staff, pathway, consent=False) is None


def test_work_once_started_never_goes_back_to_not_started():
    assert status_refusal(NeedStatus.in_progress, NeedStatus.not_started)
    assert status_refusal(NeedStatus.met, NeedStatus.not_started)
    assert status_refusal(NeedStatus.not_started, NeedStatus.not_started) is None
    assert status_refusal(NeedStatus.met, NeedStatus.in_progress) is None
    assert [s for s in NeedStatus if is_open(s)] == [NeedStatus.not_started, NeedStatus.in_progress]


def test_a_need_not_started_is_chased_from_28_days_before_release_while_in_custody():
    def due(today: date, **kw) -> bool:
        args = {
            "status": "not_started",
            "need_episode": 1,
            "case_episode": 1,
            "stage": Stage.release_planning,
            "release_date": RELEASE,
            "today": today,
            "policy": RULES,
        }
        return need_task_due(**(args | kw))

    assert chase_from(RELEASE, RULES) == RELEASE - timedelta(days=28)
    assert not due(RELEASE - timedelta(days=29))
    assert due(RELEASE - timedelta(days=28))
    assert not due(RELEASE, status="in_progress")
    assert not due(RELEASE, stage=Stage.released)
    assert not due(RELEASE, need_episode=1, case_episode=2)
    assert not due(RELEASE, release_date=None)


def test_the_chase_is_due_a_week_after_it_is_raised_but_never_after_the_release():
    start = chase_from(RELEASE, RULES)
    assert chase_due_on(RELEASE, start, RULES) == start + timedelta(days=7)
    assert chase_due_on(RELEASE, RELEASE - timedelta(days=3), RULES) == RELEASE
