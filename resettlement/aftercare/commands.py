"""Tenancy checks after release: raised by the daily sweep, recorded by the CJIT.

The sweep raises `tenancy_check_due` for every check of a case's current custody episode that
is due and has no outcome (one task per check, by its dedupe key). Recording an outcome marks
that task done; `at_risk` raises `tenancy_at_risk`, `lost` raises `rehousing_needed`; the first
recorded check moves the case to `tenancy_monitoring` and the last closes it with its outcome.
A recall starts a new episode: the old episode's open checks stop (kept as history).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import exists, select
from sqlmodel import Session, col

from resettlement.access.users import Principal
from resettlement.aftercare.rules import (
    CheckState,
    check_state,
    closing_outcome,
    follow_up_for,
    is_last_check,
)
from resettlement.cases.lookup import case_for_write
from resettlement.cases.partition import region_clause
from resettlement.cases.timeline import move_stage, record
from resettlement.errors import Conflict, NotFound
from resettlement.policy import Policy
from resettlement.reads.caseload import get_case
from resettlement.storage.tables import Case, Task, TenancyCheck
from resettlement.sweeps import SweepResult
from resettlement.tasks.commands import complete_tasks
from resettlement.tasks.keys import sql_dedupe_key
from resettlement.tasks.store import close_open_tasks, dedupe_key, insert_task_rows, task_row
from resettlement.vocabulary import COMMUNITY_STAGES, Role, Stage, TaskKind, TenancyOutcome
from resettlement.working_days import end_of_day

DUE = TaskKind.tenancy_check_due
IN_COMMUNITY = [s.value for s in COMMUNITY_STAGES]


def raise_due_tenancy_checks(
    session: Session, *, today: date, policy: Policy, region: str | None = None
) -> SweepResult:
    """Set-based: one `tenancy_check_due` per due, unrecorded check of a current episode
    (of the cases of `region` only, when given)."""
    key = sql_dedupe_key(DUE, TenancyCheck.case_id, TenancyCheck.episode, TenancyCheck.day_offset)
    raised_before = exists().where(
        col(Task.case_id) == col(TenancyCheck.case_id),
        col(Task.kind) == DUE.value,
        col(Task.dedupe_key) == key,
    )
    due = session.execute(
        select(
            col(TenancyCheck.case_id),
            col(TenancyCheck.episode),
            col(TenancyCheck.day_offset),
            col(TenancyCheck.due_on),
        )
        .join(Case, col(Case.id) == col(TenancyCheck.case_id))
        .where(
            col(TenancyCheck.outcome).is_(None),
            col(TenancyCheck.due_on) <= today,
            col(Case.episode) == col(TenancyCheck.episode),
            col(Case.stage).in_(IN_COMMUNITY),
            region_clause(region),
            ~raised_before,
        )
    ).all()
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
    case = case_for_write(session, principal, case_id, Role.cjit_worker)
    check = _check_for_write(session, case, check_id, today)
    check.outcome, check.notes = outcome.value, notes
    check.recorded_at, check.recorded_by = now, principal.username
    result = CheckResult(check=check, case=case)
    key = dedupe_key(DUE, case.id, case.episode, check.day_offset)
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
    close_open_tasks(session, case.id, [DUE, TaskKind.handover_acceptance_overdue])


def checks_of(
    session: Session, principal: Principal, case_id: str, *, today: date
) -> list[dict[str, Any]]:
    """Every tenancy check of a case (all episodes, history kept), each with its state."""
    case = get_case(session, principal, case_id)
    rows = session.execute(
        select(TenancyCheck)
        .where(col(TenancyCheck.case_id) == case.id)
        .order_by(col(TenancyCheck.episode), col(TenancyCheck.day_offset))
    ).scalars()
    return [with_state(row, case.episode, today) for row in rows]


def with_state(check: TenancyCheck, current_episode: int, today: date) -> dict[str, Any]:
    state: CheckState = check_state(
        outcome=check.outcome,
        due_on=check.due_on,
        episode=check.episode,
        current_episode=current_episode,
        today=today,
    )
    return {**check.model_dump(mode="json"), "state": state.value}
