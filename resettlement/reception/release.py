"""What happens at the gate when a release event arrives (inside the event's transaction)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, SQLModel

from resettlement.handover.commands import open_handover
from resettlement.needs.commands import keep_status_at_release
from resettlement.policy import Policy
from resettlement.storage.tables import Case
from resettlement.tasks.store import close_open_tasks
from resettlement.vocabulary import TaskKind

PRE_RELEASE_TASKS = (
    TaskKind.hacs_assessment_due,
    TaskKind.carat_triage_due,
    TaskKind.duty_to_refer,  # the prison's referral: once released, the CJIT and probation act
    TaskKind.housing_unresolved,
    TaskKind.housing_unresolved_escalation,
    TaskKind.release_plan_signoff,
    TaskKind.protect_tenancy,
    TaskKind.end_tenancy_safely,
    TaskKind.need_not_started,  # the prison's chase; open needs travel in the handover packet
)


def on_release(
    session: Session,
    case: Case,
    *,
    policy: Policy,
    at: datetime,
    sink: dict[type[SQLModel], list[dict[str, Any]]],
) -> None:
    """The case has left custody: custody-side tasks close; each need keeps its status at
    release; the CJIT handover opens (carrying the needs still open). The new rows (handover,
    tenancy checks, timeline) go to `sink` for the caller's bulk insert."""
    close_open_tasks(session, case.id, PRE_RELEASE_TASKS)
    keep_status_at_release(session, case)
    open_handover(session, case, policy=policy, at=at, sink=sink)
