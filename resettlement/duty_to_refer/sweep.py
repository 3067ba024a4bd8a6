"""The daily chase: one duty_to_refer_chase task (HACS) per referral still unanswered after
`duty_to_refer_chase_days` (policy)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from resettlement import clock
from resettlement.duty_to_refer.rules import chase_on
from resettlement.duty_to_refer.sql import referrals_to_chase
from resettlement.policy import Policy
from resettlement.sweeps import SweepResult
from resettlement.tasks.keys import dedupe_key
from resettlement.tasks.store import insert_tasks, new_task
from resettlement.vocabulary import TaskKind


def chase_overdue_referrals(
    session: Session, *, today: date, policy: Policy, region: str | None = None
) -> SweepResult:
    """One chase task per current referral still without an outcome after the chase days
    (of the cases of `region` only, when given)."""
    rows = session.execute(referrals_to_chase(today, policy.housing, region))
    tasks = [
        new_task(
            case_id=case_id,
            kind=TaskKind.duty_to_refer_chase,
            title=f"Chase the local authority for the outcome of referral {reference}",
            due_at=clock.start_of_day(chase_on(referred_on, policy.housing)),
            key=dedupe_key(TaskKind.duty_to_refer_chase, case_id, episode),
        )
        for case_id, episode, referred_on, reference in rows
    ]
    return SweepResult("duty_to_refer_chase", raised=insert_tasks(session, tasks))
