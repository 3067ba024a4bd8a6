"""The housing horizon: who must be told that a release is near and housing is unresolved.

A custody case with a release date and unresolved housing has one `housing_unresolved` task
(HACS) from `horizon_days[0]` days before release; its escalation level is 1 at that first
threshold and rises by one at each further threshold crossed (84, 56, 28, 14, 7, 2 → 1…6; a
release date already passed while still in custody stays at the last level). From
`rom_from_days` left the ROM also has one `housing_unresolved_escalation` task.

Due times (06:00 London on the day, like every daily deadline):
- `housing_unresolved` is due at its next escalation point, i.e. when it would rise a level if
  nobody acts; at the last level it is due on the release day itself.
- `housing_unresolved_escalation` (level 1 throughout) is due on the release day.

This module is the oracle: `horizon/sweep.py` applies the same rule as a handful of
SQL statements over the whole caseload, and tests check the two agree on generated caseloads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from resettlement.vocabulary import TaskKind, TaskStatus

HORIZON_KINDS = (TaskKind.housing_unresolved, TaskKind.housing_unresolved_escalation)


class Change(StrEnum):
    """What settling one task row did, as counted in a SweepResult."""

    raised = "raised"  # a new row, or a closed/done row opened again
    escalated = "escalated"  # an open row's level rose
    closed = "closed"  # an open row closed because its cause went away
    changed = "changed"  # an open row re-planned: level down or release date moved


@dataclass(frozen=True)
class Wanted:
    """The state a horizon task must be in: open at this level, due on this day."""

    level: int
    due_on: date
    anchor: date  # the release date the deadline counts from


@dataclass(frozen=True)
class TaskState:
    status: TaskStatus
    level: int
    due_on: date | None = None
    anchor: date | None = None


def escalation_level(days_left: int, horizon_days: Sequence[int]) -> int | None:
    """1 + thresholds crossed beyond the first; None while the first is still ahead."""
    crossed = sum(1 for threshold in horizon_days if days_left <= threshold)
    return crossed or None


def days_before_due(level: int, horizon_days: Sequence[int]) -> int:
    """How many days before release a task at `level` is due: the next threshold, else 0."""
    return horizon_days[level] if level < len(horizon_days) else 0


def wanted_tasks(
    *,
    release_date: date | None,
    resolved: bool,
    in_custody: bool,
    today: date,
    horizon_days: Sequence[int],
    rom_from_days: int,
) -> dict[TaskKind, Wanted]:
    """The horizon tasks a case must have open today (none once housing is resolved)."""
    if not in_custody or resolved or release_date is None:
        return {}
    days_left = (release_date - today).days
    level = escalation_level(days_left, horizon_days)
    if level is None:
        return {}
    due = release_date - timedelta(days=days_before_due(level, horizon_days))
    wanted = {TaskKind.housing_unresolved: Wanted(level, due, release_date)}
    if days_left <= rom_from_days:
        wanted[TaskKind.housing_unresolved_escalation] = Wanted(1, release_date, release_date)
    return wanted


def settle(
    current: TaskState | None, wanted: Wanted | None
) -> tuple[TaskState | None, Change | None]:
    """The row a case's current-episode task must become, and what that change counts as.

    The sweep owns these rows: a row done by hand (which the API refuses for these kinds) is
    treated like a closed one and opened again while its cause persists.
    """
    if wanted is None:
        if current is not None and current.status == TaskStatus.open:
            return replace(current, status=TaskStatus.closed), Change.closed
        return current, None
    target = TaskState(TaskStatus.open, wanted.level, wanted.due_on, wanted.anchor)
    if current is None or current.status != TaskStatus.open:
        return target, Change.raised
    if current.level < wanted.level:
        return target, Change.escalated
    if current.level != wanted.level or current.anchor != wanted.anchor:
        return target, Change.changed
    return current, None


def settle_stale(current: TaskState) -> tuple[TaskState, Change | None]:
    """A row of an earlier custody episode: closed if still open, else left as it is."""
    if current.status == TaskStatus.open:
        return replace(current, status=TaskStatus.closed), Change.closed
    return current, None
