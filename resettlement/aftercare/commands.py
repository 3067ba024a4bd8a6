"""Recording a tenancy check's outcome (the CJIT).

Recording an outcome marks the check's `tenancy_check_due` task (aftercare/sweep.py) done;
`at_risk` raises `tenancy_at_risk`, `lost` raises `rehousing_needed`; the first recorded check
moves the case to `tenancy_monitoring` and the last closes it with its outcome. A recall starts
a new episode: the old episode's open checks stop (kept as history).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlmodel import Session, col

from resettlement.access.users import Principal
from resettlement.aftercare.rules import (
    closing_outcome,
    follow_up_for,
    is_last_check,
)
from resettlement.cases.lookup import case_for_write
from resettlement.cases.timeline import move_stage, record
from resettlement.errors import Conflict, NotFound
from resettlement.policy import Policy
from resettlement.storage.tables import Case, Task, TenancyCheck
from resettlement.tasks.commands import complete_tasks
from resettlement.tasks.keys import dedupe_key
from resettlement.tasks.store import close_open_tasks, insert_task_rows, task_row
from resettlement.vocabulary import COMMUNITY_STAGES, Action, Stage, TaskKind, TenancyOutcome


@dataclass
class CheckResult:
    check: TenancyCheck
    case: Case
    raised: list[str] = field(default_factory=list)


def _check_for_write(session: Session, case: Case, check_id: str, today: date) -> TenancyCheck:
    check = session.get(TenancyCheck, check_id)
    if check is None or check.case_id != case.id:
        raise NotFound(f"no tenancy check {check_id} on case {case.id}")
    if check.outcome is not None:
        raise Conflict(
            f"the {check.day_offset}-day check was already recorded as '{check.outcome}'"
        )
    if check.episode != case.episode:
        raise Conflict(
            f"the {check.day_offset}-day check belongs to an earlier custody episode: "
            "the recall stopped it"
        )
    if Stage(case.stage) not in COMMUNITY_STAGES:
        raise Conflict(f"the case is at stage '{case.stage}': it has no tenancy to check")
    if check.due_on > today:
        raise Conflict(
            f"the {check.day_offset}-day check is due on {check.due_on.isoformat()}; "
            "it cannot be recorded before then"
        )
    return check


def record_check(
    session: Session,
    *,
    principal: Principal,
    case_id: str,
    check_id: str,
    outcome: TenancyOutcome,
    notes: str | None,
    now: datetime,
    today: date,
    policy: Policy,
) -> CheckResult:
    """The CJIT records a check's outcome (404 outside scope, 403 not CJIT, 409 refused)."""
    case = case_for_write(session, principal, case_id, Action.tenancy_check)
    check = _check_for_write(session, case, check_id, today)
    check.outcome, check.notes = outcome.value, notes
    check.recorded_at, check.recorded_by = now, principal.username
    result = CheckResult(check=check, case=case)
    key = dedupe_key(TaskKind.tenancy_check_due, case.id, case.episode, check.day_offset)
    task_ids = session.execute(select(col(Task.id)).where(col(Task.dedupe_key) == key)).scalars()
    complete_tasks(session, case_id=case.id, by=principal.username, ids=list(task_ids))
    result.raised += _raise_follow_up(session, case, check, outcome, now, policy)
    record(
        session,
        case_id=case.id,
        kind="tenancy_check_recorded",
        actor=principal.username,
        at=now,
        data={"check_id": check.id, "day_offset": check.day_offset, "outcome": outcome.value},
    )
    _advance(session, case, check, outcome, actor=principal.username)
    session.flush()
    return result


def _raise_follow_up(
    session: Session,
    case: Case,
    check: TenancyCheck,
    outcome: TenancyOutcome,
    now: datetime,
    policy: Policy,
) -> list[str]:
    kind = follow_up_for(outcome)
    if kind is None:
        return []
    rules = policy.tenancy_checks
    if kind == TaskKind.tenancy_at_risk:
        title, days = "Support the tenancy at risk", rules.at_risk_follow_up_days
    else:
        title, days = "Find new accommodation: the tenancy was lost", rules.rehousing_follow_up_days
    row = task_row(
        case_id=case.id,
        kind=kind,
        title=f"{title} ({check.day_offset}-day check)",
        due_at=now + timedelta(days=days),
        key=dedupe_key(kind, case.id, case.episode, check.day_offset),
    )
    return [kind.value] if insert_task_rows(session, [row]) else []


def _advance(
    session: Session, case: Case, check: TenancyCheck, outcome: TenancyOutcome, *, actor: str
) -> None:
    """First check → tenancy_monitoring; the episode's last check → closed with its outcome."""
    if case.stage in (Stage.released, Stage.handed_over):
        move_stage(session, case, Stage.tenancy_monitoring, actor=actor, reason="tenancy check")
    offsets = session.execute(
        select(col(TenancyCheck.day_offset)).where(
            col(TenancyCheck.case_id) == case.id, col(TenancyCheck.episode) == case.episode
        )
    ).scalars()
    if not is_last_check(check.day_offset, list(offsets)):
        return
    case.outcome = closing_outcome(outcome, check.day_offset)
    move_stage(
        session, case, Stage.closed, actor=actor, reason=f"last tenancy check: {case.outcome}"
    )
    close_open_tasks(
        session, case.id, [TaskKind.tenancy_check_due, TaskKind.handover_acceptance_overdue]
    )
