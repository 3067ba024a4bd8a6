"""Working days in England and Wales and the handover acceptance deadline (pure, no database)."""

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from resettlement.clock import LONDON
from resettlement.working_days import (
    acceptance_deadline,
    add_working_days,
    bank_holidays,
    is_working_day,
)

days = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))


def test_a_release_on_christmas_eve_2026_must_be_accepted_by_tuesday_29_december():
    released = datetime(2026, 12, 24, 10, 30, tzinfo=UTC)  # Thursday
    deadline = acceptance_deadline(released, working_days=1)
    local = deadline.astimezone(LONDON)
    assert local.date() == date(2026, 12, 29) and local.strftime("%A") == "Tuesday"
    assert (local.hour, local.minute, local.second) == (23, 59, 59)


def test_boxing_day_on_a_saturday_gives_a_substitute_monday_off():
    assert date(2026, 12, 28) in bank_holidays(2026)
    assert not is_working_day(date(2026, 12, 28))


def test_bank_holidays_come_from_the_holidays_package_including_easter():
    assert {date(2027, 3, 26), date(2027, 3, 29)} <= bank_holidays(2027)  # Good Friday, Monday


def test_a_friday_release_is_due_by_monday_and_a_saturday_release_too():
    assert add_working_days(date(2026, 11, 27), 1) == date(2026, 11, 30)
    assert add_working_days(date(2026, 11, 28), 1) == date(2026, 11, 30)


def test_a_release_late_in_the_evening_counts_from_its_london_day():
    released = datetime(2026, 7, 1, 22, 30, tzinfo=UTC)  # 23:30 in London (BST), a Wednesday
    assert acceptance_deadline(released, working_days=1).astimezone(LONDON).date() == date(
        2026, 7, 2
    )


@given(day=days, count=st.integers(min_value=1, max_value=10))
def test_the_deadline_is_a_working_day_with_exactly_n_working_days_after_the_start(day, count):
    end = add_working_days(day, count)
    assert end > day and is_working_day(end)
    between = [day + timedelta(days=n) for n in range(1, (end - day).days + 1)]
    assert sum(is_working_day(d) for d in between) == count


@given(day=days)
def test_weekends_are_never_working_days(day):
    if day.weekday() >= 5:
        assert not is_working_day(day)
