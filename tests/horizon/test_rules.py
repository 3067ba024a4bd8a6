"""The housing horizon rule as a pure function: levels, deadlines, the ROM, settling a row."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resettlement.horizon.rules import (
    Change,
    TaskState,
    Wanted,
    days_before_due,
    escalation_level,
    settle,
    settle_stale,
    wanted_tasks,
)
from resettlement.policy import get_policy
from resettlement.vocabulary import TaskKind, TaskStatus

HORIZON = [84, 56, 28, 14, 7, 2]
TODAY = date(2026, 11, 24)
UNRESOLVED = TaskKind.housing_unresolved
ROM = TaskKind.housing_unresolved_escalation


def wanted(days_left: int | None, *, resolved: bool = False, in_custody: bool = True) -> dict:
    release = None if days_left is None else TODAY + timedelta(days=days_left)
    return wanted_tasks(
        release_date=release,
        resolved=resolved,
        in_custody=in_custody,
        today=TODAY,
        horizon_days=HORIZON,
        rom_from_days=14,
    )


@pytest.mark.parametrize(
    ("days_left", "level"),
    [
        (85, None),
        (84, 1),
        (57, 1),
        (56, 2),
        (29, 2),
        (28, 3),
        (15, 3),
        (14, 4),
        (8, 4),
        (7, 5),
        (3, 5),
        (2, 6),
        (0, 6),
        (-30, 6),
    ],
)
def test_the_level_is_one_at_84_days_and_rises_at_each_further_threshold(days_left, level):
    assert escalation_level(days_left, HORIZON) == level


def test_the_shipped_policy_has_the_thresholds_the_api_table_promises():
    rules = get_policy().housing
    assert rules.horizon_days == HORIZON and rules.rom_from_days == 14


def test_a_task_is_due_at_its_next_escalation_point_and_the_last_on_release_day():
    assert [days_before_due(level, HORIZON) for level in range(1, 7)] == [56, 28, 14, 7, 2, 0]
    release = TODAY + timedelta(days=40)
    assert wanted(40)[UNRESOLVED] == Wanted(2, release - timedelta(days=28), release)


def test_a_release_date_already_passed_in_custody_stays_at_the_last_level_due_that_day():
    release = TODAY - timedelta(days=3)
    assert wanted(-3)[UNRESOLVED] == Wanted(6, release, release)


def test_the_rom_is_told_from_14_days_on_with_one_task_due_on_release_day():
    assert ROM not in wanted(15)
    release = TODAY + timedelta(days=14)
    assert wanted(14)[ROM] == Wanted(1, release, release)


@pytest.mark.parametrize(
    "case",
    [
        {"days_left": 10, "resolved": True},
        {"days_left": 10, "in_custody": False},
        {"days_left": None},
        {"days_left": 85},
    ],
    ids=["housing resolved", "out of custody", "no release date", "beyond the horizon"],
)
def test_nothing_is_wanted_when_housing_is_resolved_or_the_case_is_out_of_reach(case):
    assert wanted(**case) == {}


def test_settling_a_wanted_task_counts_what_changed():
    target = Wanted(3, TODAY + timedelta(days=10), TODAY + timedelta(days=24))
    wanted_state = TaskState(TaskStatus.open, 3, target.due_on, target.anchor)
    cases = [
        (None, Change.raised),
        (TaskState(TaskStatus.closed, 1, None, target.anchor), Change.raised),
        (TaskState(TaskStatus.done, 5, None, target.anchor), Change.raised),
        (TaskState(TaskStatus.open, 2, None, target.anchor), Change.escalated),
        (TaskState(TaskStatus.open, 4, None, target.anchor), Change.changed),
        (TaskState(TaskStatus.open, 3, None, TODAY + timedelta(days=30)), Change.changed),
    ]
    for current, change in cases:
        assert settle(current, target) == (wanted_state, change), current


def test_a_task_already_in_its_wanted_state_is_left_as_it_is():
    current = TaskState(TaskStatus.open, 3, TODAY, TODAY + timedelta(days=24))
    assert settle(current, Wanted(3, TODAY + timedelta(days=10), current.anchor)) == (current, None)


def test_an_open_task_no_longer_wanted_closes_and_a_closed_or_done_one_stays():
    open_ = TaskState(TaskStatus.open, 4, TODAY, TODAY)
    assert settle(open_, None) == (TaskState(TaskStatus.closed, 4, TODAY, TODAY), Change.closed)
    for status in (TaskStatus.closed, TaskStatus.done):
        row = TaskState(status, 4, TODAY, TODAY)
        assert settle(row, None) == (row, None)
        assert settle_stale(row) == (row, None)
    assert settle_stale(open_)[1] == Change.closed


@given(st.integers(-400, 400), st.integers(-400, 400))
def test_the_level_never_falls_as_the_release_date_comes_nearer(a, b):
    nearer, further = sorted((a, b))
    assert (escalation_level(nearer, HORIZON) or 0) >= (escalation_level(further, HORIZON) or 0)


@given(
    st.lists(st.integers(1, 200), min_size=1, max_size=8, unique=True).map(
        lambda days: sorted(days, reverse=True)
    ),
    st.integers(-50, 250),
)
def test_any_policy_thresholds_give_levels_1_to_n_and_a_due_day_before_release(horizon, days_left):
    level = escalation_level(days_left, horizon)
    if days_left > horizon[0]:
        assert level is None
        return
    assert level is not None and 1 <= level <= len(horizon)
    before = days_before_due(level, horizon)
    assert before < horizon[level - 1]
    assert level == len(horizon) or days_left > before  # due before it escalates again
