"""The stage machine: one table of allowed moves, named errors for the rest."""

import itertools

import pytest

from resettlement.cases.stages import ALLOWED, IllegalTransition, can_move, check_transition
from resettlement.vocabulary import CUSTODY_STAGES, Stage


def test_every_stage_has_a_row_in_the_table():
    assert set(ALLOWED) == set(Stage)


@pytest.mark.parametrize("stage", sorted(CUSTODY_STAGES))
def test_release_is_allowed_from_every_custody_stage(stage):
    check_transition(stage, Stage.released)


def test_the_happy_path_is_allowed_step_by_step():
    path = [
        Stage.received,
        Stage.assessed,
        Stage.case_managed,
        Stage.release_planning,
        Stage.plan_agreed,
        Stage.released,
        Stage.handed_over,
        Stage.tenancy_monitoring,
        Stage.closed,
    ]
    for current, target in itertools.pairwise(path):
        assert can_move(current, target), (current, target)


def test_a_withdrawn_case_cannot_move_at_all():
    for target in Stage:
        assert not can_move(Stage.withdrawn, target)


def test_an_illegal_move_names_both_stages_and_what_is_allowed():
    with pytest.raises(IllegalTransition) as caught:
        check_transition(Stage.received, Stage.handed_over)
    message = str(caught.value)
    assert "'received'" in message and "'handed_over'" in message and "released" in message


def test_a_changed_agreed_plan_returns_to_release_planning():
    assert can_move(Stage.plan_agreed, Stage.release_planning)


def test_recall_brings_a_released_or_closed_case_back_but_not_one_in_custody():
    assert can_move(Stage.released, Stage.recalled)
    assert can_move(Stage.tenancy_monitoring, Stage.recalled)
    assert can_move(Stage.closed, Stage.recalled)
    assert not can_move(Stage.case_managed, Stage.recalled)
