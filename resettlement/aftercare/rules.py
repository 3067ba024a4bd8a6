"""Rules of the post-release tenancy checks (DESIGN.md §3): follow-ups, closure, check states.

Checks fall 1, 7, 28, 91 and 182 days after release (policy). `at_risk` raises a sustainment
task, `lost` a re-housing task; the last check closes the case with its outcome in words. A
check of an earlier custody episode was stopped by the recall: it is history, never due.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from resettlement.vocabulary import COMMUNITY_STAGES, Stage, TaskKind, TenancyOutcome

FOLLOW_UP: dict[TenancyOutcome, TaskKind] = {
    TenancyOutcome.at_risk: TaskKind.tenancy_at_risk,
    TenancyOutcome.lost: TaskKind.rehousing_needed,
}


class CheckState(StrEnum):
    recorded = "recorded"
    due = "due"
    upcoming = "upcoming"
    stopped = "stopped"  # its custody episode ended in a recall before it was recorded


def follow_up_for(outcome: TenancyOutcome) -> TaskKind | None:
    """The task an outcome raises: at_risk → tenancy_at_risk, lost → rehousing_needed."""
    return FOLLOW_UP.get(outcome)


def closing_outcome(outcome: TenancyOutcome, day_offset: int) -> str:
    """The case's outcome in words when its last check is recorded."""
    if outcome == TenancyOutcome.lost:
        return f"accommodation lost (check at {day_offset} days)"
    words = {
        TenancyOutcome.sustained: "tenancy sustained",
        TenancyOutcome.at_risk: "tenancy at risk",
        TenancyOutcome.not_contactable: "not contactable",
    }
    return f"{words[outcome]} at {day_offset} days"


def check_state(
    *, outcome: str | None, due_on: date, episode: int, current_episode: int, today: date
) -> CheckState:
    if outcome is not None:
        return CheckState.recorded
    if episode != current_episode:
        return CheckState.stopped
    return CheckState.due if due_on <= today else CheckState.upcoming


def check_task_due(
    *,
    outcome: str | None,
    due_on: date,
    episode: int,
    current_episode: int,
    stage: Stage,
    today: date,
) -> bool:
    """A check wants its `tenancy_check_due` task: due now, unrecorded, of the current episode,
    the person still in the community. `sql.due_checks_without_task` is its SQL twin."""
    state = check_state(
        outcome=outcome,
        due_on=due_on,
        episode=episode,
        current_episode=current_episode,
        today=today,
    )
    return state == CheckState.due and stage in COMMUNITY_STAGES


def is_last_check(day_offset: int, episode_offsets: list[int]) -> bool:
    """The latest check of the episode (as scheduled at its release) is the last one."""
    return day_offset >= max(episode_offsets, default=day_offset)
