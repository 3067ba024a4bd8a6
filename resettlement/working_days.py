"""Working days in England and Wales: Monday to Friday, except bank holidays.

Bank holidays come from the `holidays` package (GB, subdivision England: England and Wales
share one set of bank holidays, substitute days included), never from a hand-written list.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays

from resettlement.clock import LONDON

COUNTRY = "GB"
SUBDIVISION = "ENG"  # England and Wales: the same bank holidays (holidays lists Wales as WLS)
SATURDAY = 5


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays of one year, substitute ("observed") days included."""
    return frozenset(holidays.country_holidays(COUNTRY, subdiv=SUBDIVISION, years=year))


def is_working_day(day: date) -> bool:
    """A weekday that is not a bank holiday in England and Wales."""
    return day.weekday() < SATURDAY and day not in bank_holidays(day.year)


def add_working_days(day: date, count: int) -> date:
    """The `count`-th working day after `day` (`day` itself never counts)."""
    if count < 1:
        raise ValueError("count must be at least 1 working day")
    current = day
    while count:
        current += timedelta(days=1)
        if is_working_day(current):
            count -= 1
    return current


def end_of_day(day: date) -> datetime:
    """The last second of a day in England and Wales, as a timezone-aware instant."""
    return datetime.combine(day, time(23, 59, 59), LONDON)


def acceptance_deadline(released_at: datetime, *, working_days: int) -> datetime:
    """A handover must be accepted by the end of the N-th working day after the release day."""
    release_day = released_at.astimezone(LONDON).date()
    return end_of_day(add_working_days(release_day, working_days))
