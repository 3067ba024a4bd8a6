"""The one clock: real time, or the instant fixed by RESETTLE_NOW (or by a test)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from resettlement.settings import get_settings

LONDON = ZoneInfo("Europe/London")
_fixed: datetime | None = None


def now() -> datetime:
    """The current instant, timezone-aware (UTC)."""
    if _fixed is not None:
        return _fixed
    configured = get_settings().now
    if configured is not None:
        return configured.astimezone(UTC)
    return datetime.now(UTC)


def today() -> date:
    """Today's date in England and Wales."""
    return now().astimezone(LONDON).date()


@contextmanager
def frozen_at(instant: datetime) -> Iterator[None]:
    """Fix the clock for a block (tests, simulations, `run-daily --as-of`)."""
    global _fixed
    if instant.tzinfo is None:
        raise ValueError("frozen_at needs a timezone-aware datetime")
    previous, _fixed = _fixed, instant.astimezone(UTC)
    try:
        yield
    finally:
        _fixed = previous


def start_of_day(day: date) -> datetime:
    """06:00 London time on a day: the instant a daily run 'as of' that day stands for."""
    return datetime(day.year, day.month, day.day, 6, 0, tzinfo=LONDON).astimezone(UTC)
