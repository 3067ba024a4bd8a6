"""Who may complete which task by hand, and which tasks only their cause can close.

Prison staff complete their own team's work (HACS, CARAT or probation); CJIT workers complete
CJIT work; the ROM completes ROM work; admins any (the table is access/permissions.py's). A
task that closes when its cause is resolved (an assessment
recorded, housing resolved, a plan signed, ...) cannot be completed by hand: that would hide
the work still to do, and the daily sweep would never raise it again.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from resettlement.access.permissions import may
from resettlement.access.users import Principal
from resettlement.policy import Policy
from resettlement.vocabulary import Action, Role, TaskKind, TaskStatus, Team

# Tasks closed by their cause, with what the user should do instead of completing them.
CLOSED_BY_CAUSE: dict[TaskKind, str] = {
    TaskKind.hacs_assessment_due: "record the HACS assessment (POST /cases/{id}/hacs-assessment)",
    TaskKind.carat_triage_due: "record the CARAT assessment (POST /cases/{id}/carat-assessment)",
    TaskKind.duty_to_refer: "record the referral (POST /cases/{id}/duty-to-refer)",
    TaskKind.housing_unresolved: "resolve the housing (PUT /cases/{id}/accommodation)",
    TaskKind.housing_unresolved_escalation: "resolve the housing (PUT /cases/{id}/accommodation)",
    TaskKind.release_plan_signoff: "sign the plan (POST /cases/{id}/release-plan/sign)",
    TaskKind.handover_acceptance_overdue: "accept the handover (POST /handovers/{id}/accept)",
    TaskKind.tenancy_check_due: "record the check (POST /cases/{id}/tenancy-checks/{check_id})",
    TaskKind.need_not_started: "start the need, or record that it was declined "
    "(PUT /cases/{id}/needs/{need_id})",
}


def may_complete(principal: Principal, team: str) -> bool:
    """Whether `principal` may complete a task of `team` by hand (access/permissions.py)."""
    try:
        task_team = Team(team)
    except ValueError:
        return principal.role == Role.admin
    return may(principal, Action.complete_task, task_team=task_team)


def undo_window(policy: Policy) -> timedelta:
    """How long a task marked done by hand can be opened again by its author."""
    return timedelta(minutes=policy.tasks.undo_done_minutes)


def undo_refusal(
    *,
    status: str,
    completed_by: str | None,
    closed_at: datetime | None,
    username: str,
    now: datetime,
    window: timedelta,
) -> str | None:
    """Why `username` may not open a done task again (None when they may): only its author,
    and only within `window` (policy tasks.undo_done_minutes) of marking it done."""
    if status != TaskStatus.done.value:
        return f"this task is {status}, not done, so there is nothing to undo"
    if completed_by != username:
        who = completed_by or "the system"
        return f"this task was marked done by {who}: only they can undo it"
    if closed_at is None or now - closed_at > window:
        minutes = int(window.total_seconds() // 60)
        return f"a task can be opened again only within {minutes} minutes of marking it done"
    return None


def completion_refusal(kind: str) -> str | None:
    """Why a task of this kind cannot be completed by hand (None when it can)."""
    try:
        instead = CLOSED_BY_CAUSE.get(TaskKind(kind))
    except ValueError:
        return None
    if instead is None:
        return None
    return f"a {kind} task closes when its cause is resolved: {instead}"
