"""The daily chase of needs not started: one `need_not_started` task for the need's owner, per
need of a custody case still not started `needs.not_started_days_before_release` days before
release (set-based: one SELECT, one INSERT)."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from resettlement.needs.catalogue import get_catalogue
from resettlement.needs.rules import chase_due_on
from resettlement.needs.sql import CHASE, needs_due_a_task
from resettlement.policy import Policy
from resettlement.sweeps import SweepResult
from resettlement.tasks.keys import dedupe_key
from resettlement.tasks.store import insert_task_rows, task_row
from resettlement.vocabulary import Team
from resettlement.working_days import end_of_day


def chase_key(case_id: str, episode: int, need_id: str) -> str:
    """One chase per need per custody episode."""
    return dedupe_key(CHASE, case_id, episode, need_id)


def raise_need_tasks(
    session: Session, *, today: date, policy: Policy, region: str | None = None
) -> SweepResult:
    """Set-based: a task for the owner of every need still not started near release (of the
    cases of `region` only, when given)."""
    rules, catalogue = policy.needs, get_catalogue()
    due = session.execute(needs_due_a_task(today, rules, region)).all()
    rows = [
        task_row(
            case_id=case_id,
            kind=CHASE,
            team=Team(owner),
            title=f"Start the need: {catalogue.title(pathway, code)}",
            due_at=end_of_day(chase_due_on(release, today, rules)),
            key=chase_key(case_id, episode, need_id),
            pathway=pathway,
        )
        for need_id, case_id, episode, owner, pathway, code, release in due
    ]
    return SweepResult("needs_not_started", raised=insert_task_rows(session, rows))
