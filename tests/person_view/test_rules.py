"""The person's link as pure rules: who may make one, when it works, five wrong dates end it."""

from datetime import UTC, datetime, timedelta

import pytest

from resettlement.person_view.rules import (
    LinkState,
    attempts_left,
    issue_refusal,
    link_expires_at,
    link_state,
)
from resettlement.policy import get_policy
from resettlement.vocabulary import Role, Stage

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
RULES = get_policy().person_link


@pytest.mark.parametrize(
    ("role", "stage", "status"),
    [
        (Role.prison_staff, Stage.release_planning, None),
        (Role.prison_staff, Stage.released, None),
        (Role.admin, Stage.received, None),
        (Role.cjit_worker, Stage.release_planning, 403),
        (Role.cjit_worker, Stage.released, None),
        (Role.cjit_worker, Stage.tenancy_monitoring, None),
        (Role.rom, Stage.released, 403),
        (Role.prison_staff, Stage.closed, 409),
        (Role.admin, Stage.withdrawn, 409),
    ],
)
def test_who_may_make_a_link_at_which_stage(role, stage, status):
    refusal = issue_refusal(role, stage)
    assert (refusal[0] if refusal else None) == status


def test_a_link_works_until_it_expires_is_used_or_ended():
    expires = link_expires_at(NOW, RULES)
    assert expires == NOW + timedelta(days=14)

    def state(**kw) -> LinkState:
        return link_state(**({"expires_at": expires, "signed_in_at": None, "ended_at": None} | kw))

    assert state(now=NOW) == LinkState.usable
    assert state(now=expires) == LinkState.expired
    assert state(now=NOW, signed_in_at=NOW) == LinkState.used
    assert state(now=NOW, ended_at=NOW) == LinkState.ended


def test_the_fifth_wrong_date_of_birth_leaves_no_attempt():
    assert [attempts_left(n, RULES) for n in range(6)] == [5, 4, 3, 2, 1, 0]
