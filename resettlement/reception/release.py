"""What happens at the gate when a release event arrives (inside the event's transaction)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session, SQLModel

from resettlement.handover.commands import open_handovers
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
    on_releases(session, [(case, at)], policy=policy, sink=sink)


def on_releases(
    session: Session,
    releases: Sequence[tuple[Case, datetime]],
    *,
    policy: Policy,
    sink: dict[type[SQLModel], list[dict[str, Any]]],
) -> None:
    """`on_release` for many cases, each released once (the intake's batch), in a few
    statements rather than a few per case; the rows go to `sink` in the order of `releases`."""
    if not releases:
        return
    cases = [case for case, _ in releases]
    close_open_tasks(session, [case.id for case in cases], PRE_RELEASE_TASKS)
    keep_status_at_release(session, *cases)
    open_handovers(session, releases, policy=policy, sink=sink)
