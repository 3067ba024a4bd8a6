"""The handover SLA sweep: a handover not accepted by its `accept_by` (end of the next working
day after release, England and Wales) raises `handover_acceptance_overdue` for the CJIT."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from resettlement import clock
from resettlement.handover.sql import TASK_COLUMNS, overdue_acceptance_rows
from resettlement.policy import Policy
from resettlement.sweeps import SweepResult
from resettlement.tasks.store import insert_from_select


def raise_overdue_acceptances(
    session: Session, *, now: datetime, policy: Policy, region: str | None = None
) -> SweepResult:
    """Set-based: `handover_acceptance_overdue` for each current handover past its accept_by
    (of the cases of `region` only, when given)."""
    source = overdue_acceptance_rows(now, policy.handover, region)
    raised = insert_from_select(session, TASK_COLUMNS, source)
    return SweepResult("handover_acceptance_sla", raised=raised)


def sweep_overdue_acceptances(
    session: Session, *, today: date, policy: Policy, region: str | None = None
) -> SweepResult:
    """The SLA sweep of a daily run as of a day: overdue as at 06:00 London that day."""
    now = clock.start_of_day(today)
    return raise_overdue_acceptances(session, now=now, policy=policy, region=region)
