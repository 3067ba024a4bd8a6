"""The outbox filled: every cause found (notifications/causes.py) becomes one pending message,
its recipient resolved from the reference data's mailboxes (none: it waits as failed, naming
what is missing, for an admin to fix the reference data and retry).

A daily sweep (and the pipes run right after an event): set-based, a SELECT per kind and one
INSERT whose unique (kind, cause) drops what is already there, so running it again, or on
several workers at once, adds nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session

from resettlement import clock
from resettlement.notifications import causes
from resettlement.notifications.causes import Cause
from resettlement.notifications.rules import CHANNEL, announced_since
from resettlement.policy import Policy, Reference, get_reference
from resettlement.storage.tables import Notification
from resettlement.storage.types import new_id
from resettlement.storage.upsert import insert_for
from resettlement.sweeps import SweepResult
from resettlement.vocabulary import NotificationKind, NotificationStatus, Team

K = NotificationKind


def enqueue_notifications(
    session: Session, *, today: date, policy: Policy, region: str | None = None
) -> SweepResult:
    """One pending message per new cause as of `today` (of `region`, when given)."""
    reference = get_reference()
    found = list(find_causes(session, today=today, policy=policy, region=region))
    rows = [_row(c, reference) for c in found]
    return SweepResult("notifications_enqueue", raised=_insert(session, rows))


def enqueue_one(session: Session, cause: Cause) -> bool:
    """One message for a cause met in a request rather than by the sweep (the person's link
    texted): idempotent by (kind, cause) like the sweep. True when it is new."""
    return _insert(session, [_row(cause, get_reference())]) == 1


def find_causes(
    session: Session, *, today: date, policy: Policy, region: str | None
) -> Iterable[Cause]:
    now = clock.now()
    since = announced_since(policy.notify, now)
    run = session.execute
    for key, case_id, home in run(causes.housing_escalations(since, region)):
        yield Cause(K.housing_escalation, key, case_id, home)
    for handover_id, case_id, area in run(causes.handovers_sent(since, region)):
        yield Cause(K.handover_sent, handover_id, case_id, area)
    for key, case_id, area in run(causes.handovers_overdue(since, region)):
        yield Cause(K.handover_overdue, key, case_id, area)
    for key, case_id, area in run(causes.consents_withdrawn(since, region)):
        yield Cause(K.consent_withdrawn, key, case_id, area)
    referred_since = today - timedelta(days=policy.notify.announce_within_days)
    for referral_id, case_id, area in run(causes.referrals(referred_since, region)):
        yield Cause(K.duty_to_refer, referral_id, case_id, area)
    yield from _digests(run(causes.work_of_teams(now, region)), today)
    for handover_id, case_id, when, mobile in run(
        causes.appointments_on(today + timedelta(1), region)
    ):
        cause = f"{handover_id}:{when.isoformat()}"
        yield Cause(K.appointment_reminder, cause, case_id, None, recipient=mobile)


def _digests(rows: Iterable[Any], today: date) -> Iterable[Cause]:
    reference, seen = get_reference(), set()
    for team_name, prison, area in rows:
        team = Team(team_name)
        scope = reference.prisons[prison].region if team == Team.rom else prison or area
        if scope is None or (team, scope) in seen:
            continue
        seen.add((team, scope))
        cause = f"{team.value}:{scope}:{today.isoformat()}"
        yield Cause(K.team_digest, cause, None, scope, team=team)


def recipient_for(cause: Cause, reference: Reference) -> str | None:
    """The mailbox (or number) a cause's message goes to, from the reference data."""
    boxes = reference.mailboxes
    if cause.recipient is not None or cause.scope is None:
        return cause.recipient
    if cause.kind == K.housing_escalation:
        return boxes.of_team(Team.rom, cause.scope)
    if cause.kind in (K.handover_sent, K.handover_overdue, K.consent_withdrawn):
        return boxes.of_team(Team.cjit, cause.scope)
    if cause.kind == K.duty_to_refer:
        return boxes.duty_to_refer(cause.scope)
    assert cause.team is not None
    return boxes.of_team(cause.team, cause.scope)


def _region_of(cause: Cause, reference: Reference) -> str | None:
    """A team's region, for a message about no case (the region sweep that sends it)."""
    if cause.kind != K.team_digest or cause.scope is None:
        return None
    if cause.scope in reference.regions:
        return cause.scope
    place = reference.prisons.get(cause.scope) or reference.areas.get(cause.scope)
    return place.region if place else None


def _row(cause: Cause, reference: Reference) -> dict[str, Any]:
    recipient = recipient_for(cause, reference)
    at = clock.now()
    return {
        "id": new_id(),
        "kind": cause.kind.value,
        "cause": cause.cause[:200],
        "channel": CHANNEL[cause.kind].value,
        "recipient": recipient,
        "case_id": cause.case_id,
        "region": _region_of(cause, reference),
        "scope": cause.scope,
        "status": NotificationStatus.pending.value,
        "attempts": 0,
        "lookup_first": False,
        "last_error": None,
        "created_at": at,
        "next_attempt_at": None,
        "claimed_at": None,
        "sent_at": None,
        "notify_id": None,
    }


def _insert(session: Session, rows: list[dict[str, Any]]) -> int:
    if not rows:
        return 0
    statement = insert_for(session, Notification.__table__).on_conflict_do_nothing(  # type: ignore[attr-defined]
        index_elements=["kind", "cause"]
    )
    result = session.execute(statement.execution_options(preserve_rowcount=True), rows)
    return int(result.rowcount)  # type: ignore[attr-defined]
