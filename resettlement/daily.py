"""The daily sweeps, as services: what each step of the daily Prefect flow runs, in its order.

The demo runs these directly for each simulated day (a Prefect flow run per day would take
several minutes over 26 weeks) and the real Prefect daily flow on the final day.
tests/test_demo.py checks that this list and the flows' sweeps stay the same.
"""

from __future__ import annotations

from datetime import date

from resettlement.access.audit_chain import seal_audit
from resettlement.aftercare.sweep import raise_due_tenancy_checks
from resettlement.duty_to_refer.sweep import chase_overdue_referrals
from resettlement.handover.sweep import sweep_overdue_acceptances
from resettlement.horizon.sweep import sweep_housing_horizon
from resettlement.inbox.purge import purge_inbox
from resettlement.needs.sweep import raise_need_tasks
from resettlement.notifications.enqueue import enqueue_notifications
from resettlement.notifications.purge import purge_notifications
from resettlement.placements.sweep import sweep_placements
from resettlement.planning.sweep import open_plans_due, raise_signoff_tasks
from resettlement.policy import Policy
from resettlement.privacy.retention import anonymise_ended, drop_old_payloads
from resettlement.storage.db import session_scope
from resettlement.sweeps import SweepResult

DAILY_SWEEPS = (
    purge_inbox,
    sweep_housing_horizon,
    open_plans_due,
    raise_signoff_tasks,
    raise_need_tasks,
    chase_overdue_referrals,
    sweep_placements,
    sweep_overdue_acceptances,
    raise_due_tenancy_checks,
    anonymise_ended,
    drop_old_payloads,
    seal_audit,
    enqueue_notifications,
    purge_notifications,
)


def run_sweeps(day: date, policy: Policy) -> list[SweepResult]:
    """Every daily sweep as of `day`, each in its own transaction (as the flow's tasks do)."""
    results = []
    for sweep in DAILY_SWEEPS:
        with session_scope() as session:
            results.append(sweep(session, today=day, policy=policy))
    return results
