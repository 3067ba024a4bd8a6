"""The daily placement step: chase the providers' replies, and end the places of people whose
case left the path (closed, withdrawn, or recalled into a new custody episode), so their
places are free again. Set-based: a few statements, whatever the number of placements."""

from __future__ import annotations

from datetime import date

from sqlalchemy import update
from sqlmodel import Session, col

from resettlement import clock
from resettlement.placements.rules import reply_due
from resettlement.placements.sql import requests_to_chase, stale_placements
from resettlement.policy import Policy
from resettlement.storage.tables import Placement
from resettlement.sweeps import SweepResult
from resettlement.tasks.keys import dedupe_key
from resettlement.tasks.store import insert_tasks, new_task
from resettlement.vocabulary import PlacementStatus, TaskKind
from resettlement.working_days import end_of_day

KIND = TaskKind.placement_reply_overdue
ENDED_REASON = "the case left the path (closed, withdrawn or a new custody episode)"


def sweep_placements(
    session: Session, *, today: date, policy: Policy, region: str | None = None
) -> SweepResult:
    rules = policy.placements
    rows = session.execute(requests_to_chase(today, rules, region)).all()
    tasks = [
        new_task(
            case_id=case_id,
            kind=KIND,
            title="Chase the provider: no answer to a placement request within "
            f"{rules.reply_working_days} working days",
            due_at=end_of_day(reply_due(requested_at, rules)),
            key=dedupe_key(KIND, case_id, episode, placement_id),
        )
        for placement_id, case_id, episode, requested_at in rows
    ]
    raised = insert_tasks(session, tasks)
    now = clock.now()
    ended = session.execute(
        update(Placement)
        .where(col(Placement.id).in_(stale_placements([PlacementStatus.confirmed], region)))
        .values(
            status=PlacementStatus.ended.value,
            end_date=today,
            reason=ENDED_REASON,
            updated_at=now,
            updated_by="system",
        )
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    open_ = [PlacementStatus.requested, PlacementStatus.offered]
    declined = session.execute(
        update(Placement)
        .where(col(Placement.id).in_(stale_placements(open_, region)))
        .values(
            status=PlacementStatus.declined.value,
            reason=ENDED_REASON,
            updated_at=now,
            updated_by="system",
        )
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]
    return SweepResult("placements", raised=raised, changed=int(ended or 0) + int(declined or 0))
