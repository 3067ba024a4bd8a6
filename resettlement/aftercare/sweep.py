"""The daily tenancy-check sweep: `tenancy_check_due` (CJIT) for every check of a case's current
custody episode that is due and has no outcome, one task per check (by its dedupe key)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from resettlement.aftercare.sql import DUE, due_checks_without_task
from resettlement.policy import Policy
from resettlement.sweeps import SweepResult
from resettlement.tasks.keys import dedupe_key
from resettlement.tasks.store import insert_task_rows, task_row
from resettlement.working_days import end_of_day


def raise_due_tenancy_checks(
    session: Session, *, today: date, policy: Policy, region: str | None = None
) -> SweepResult:
    """Set-based: one `tenancy_check_due` per due, unrecorded check of a current episode
    (of the cases of `region` only, when given)."""
    due = session.execute(due_checks_without_task(today, region)).all()
    rows = [
        task_row(
            case_id=case_id,
            kind=DUE,
            title=f"Tenancy check {days} days after release",
            due_at=end_of_day(due_on),
            key=dedupe_key(DUE, case_id, episode, days),
        )
        for case_id, episode, days, due_on in due
    ]
    return SweepResult("tenancy_checks", raised=insert_task_rows(session, rows))
