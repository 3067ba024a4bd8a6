"""Rules of resettlement needs (pure): who may write one, which status changes are allowed,
when a need not started is chased, what goes to the CJIT at release.

A need is owned by one party, and that party's team records and updates it (admins any: the
permission table, access/permissions.py, `Action.need` for the owner party). A need
starts `not_started`; once work on it has started it never goes back to `not_started`. A need
still `not_started` `needs.not_started_days_before_release` days before release raises a task for
its owner. Needs still open at release go into the handover packet (consent rules apply).
"""

from __future__ import annotations

from datetime import date, timedelta

from resettlement.access.permissions import may
from resettlement.access.users import Principal
from resettlement.access.visibility import SPECIAL_PATHWAYS
from resettlement.policy import NeedsPolicy
from resettlement.vocabulary import (
    CUSTODY_STAGES,
    OPEN_NEED_STATUSES,
    Action,
    NeedStatus,
    PlanParty,
    Role,
    Stage,
)


def consent_refusal(role: Role, pathway: str, *, consent: bool) -> str | None:
    """A CJIT worker never writes what it may not read: no drugs or health need without the
    person's consent to share (None when the write is allowed on this ground)."""
    if role == Role.cjit_worker and pathway in SPECIAL_PATHWAYS and not consent:
        return "drugs and health needs are the prison's without the person's consent to share"
    return None


def owners_for(principal: Principal) -> list[PlanParty]:
    """The parties whose needs `principal` may record and update: their own team's (admins
    any), as the permission table says (access/permissions.py)."""
    return [p for p in PlanParty if may(principal, Action.need, party=p)]


def status_refusal(current: NeedStatus, new: NeedStatus) -> str | None:
    """Work once started is never 'not started' again (None when the change is allowed)."""
    if new == NeedStatus.not_started and current != NeedStatus.not_started:
        return f"a need that is {current.value.replace('_', ' ')} cannot go back to not started"
    return None


def is_open(status: str) -> bool:
    """Still to be worked: not started or in progress (met and declined are settled)."""
    return status in OPEN_NEED_STATUSES


def chase_from(release_date: date, policy: NeedsPolicy) -> date:
    """The day a need still not started is chased."""
    return release_date - timedelta(days=policy.not_started_days_before_release)


def chase_due_on(release_date: date, today: date, policy: NeedsPolicy) -> date:
    """The chase task's deadline: `task_due_days` after it is raised, and no later than the
    release date itself."""
    raised = max(today, chase_from(release_date, policy))
    return min(release_date, raised + timedelta(days=policy.task_due_days))


def need_task_due(
    *,
    status: str,
    need_episode: int,
    case_episode: int,
    stage: Stage,
    release_date: date | None,
    today: date,
    policy: NeedsPolicy,
) -> bool:
    """A need of the current custody episode still not started, its release within the chase
    window: a `need_not_started` task for its owner. `sql.needs_due_a_task` is its SQL twin."""
    return (
        status == NeedStatus.not_started
        and need_episode == case_episode
        and stage in CUSTODY_STAGES
        and release_date is not None
        and chase_from(release_date, policy) <= today
    )
