"""What each message says, built from the case when it is sent (never stored), and taken
through access/visibility.py's `message_fields`: a message carries identity, places, dates,
counts and a link, never CARAT or health data. A cause gone away first cancels its message.

Each composer gives the personalisation of its kind's Notify template (the placeholders are
listed in the README) and the recipient as the reference data (or the person's contact record)
gives it now, so a mailbox fixed after a failure is used when the message is retried.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, func, select, update
from sqlmodel import Session, col

from resettlement.access.visibility import message_fields
from resettlement.clock import LONDON
from resettlement.notifications import causes
from resettlement.notifications.causes import Cause
from resettlement.notifications.enqueue import recipient_for
from resettlement.notifications.outbox import Claimed
from resettlement.policy import Reference
from resettlement.settings import get_settings
from resettlement.storage.tables import (
    Assessment,
    Case,
    CaseContact,
    Handover,
    PersonLink,
    Prison,
    Referral,
    Task,
)
from resettlement.vocabulary import NotificationKind, TaskStatus, Team

K = NotificationKind
_PERSON = ("name", "prison_number", "prison", "release_date")
# The placeholders of each kind's Notify template: exactly what its composer gives.
PLACEHOLDERS: dict[NotificationKind, tuple[str, ...]] = {
    K.housing_escalation: (*_PERSON, "days_to_release", "region", "link"),
    K.handover_sent: (*_PERSON, "area", "accept_by", "link"),
    K.handover_overdue: (*_PERSON, "area", "link"),
    K.consent_withdrawn: (*_PERSON, "area", "link"),
    K.duty_to_refer: (
        *_PERSON,
        "date_of_birth",
        "area",
        "housing_status",
        "threatened_with_homelessness",
        "referral_reference",
        "referred_on",
        "reply_to",
    ),
    K.team_digest: ("team", "new_tasks", "overdue_tasks", "link"),
    K.appointment_reminder: ("appointment_date", "appointment_time"),
    K.person_link: ("link", "link_expires"),
}


@dataclass(frozen=True)
class Message:
    recipient: str | None
    personalisation: dict[str, str]


@dataclass(frozen=True)
class Cancel:
    reason: str


Composed = Message | Cancel


@dataclass(frozen=True)
class Context:
    session: Session
    claimed: Claimed
    reference: Reference
    now: datetime

    def mailbox(self) -> str | None:
        team = (
            Team(self.claimed.cause.split(":", 1)[0])
            if self.claimed.kind == K.team_digest
            else None
        )
        cause = Cause(self.claimed.kind, self.claimed.cause, None, self.claimed.scope, team=team)
        return recipient_for(cause, self.reference)

    def case(self) -> Case:
        assert self.claimed.case_id is not None
        return self.session.get_one(Case, self.claimed.case_id)


def compose(session: Session, claimed: Claimed, reference: Reference, now: datetime) -> Composed:
    """The message for a claimed row as things stand now, or why it is no longer sent."""
    return COMPOSERS[claimed.kind](Context(session, claimed, reference, now))


def _day(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else "not known"


def _link(path: str) -> str:
    base = get_settings().public_url
    return f"{base.rstrip('/')}{path}" if base else "the Resettlement Gateway"


def _person(ctx: Context, case: Case) -> dict[str, object]:
    prison = ctx.reference.prisons.get(case.prison)
    return {
        "name": f"{case.given_name} {case.family_name}",
        "prison_number": case.prison_number,
        "prison": prison.name if prison else case.prison,
        "release_date": _day(case.release_date),
    }


def _area(ctx: Context, code: str | None) -> str:
    area = ctx.reference.areas.get(code or "")
    return area.name if area else (code or "not known")


def _task_open(ctx: Context) -> bool:
    status = ctx.session.execute(
        select(col(Task.status)).where(col(Task.dedupe_key) == ctx.claimed.cause)
    ).scalar()
    return status == TaskStatus.open.value


def housing_escalation(ctx: Context) -> Composed:
    if not _task_open(ctx):
        return Cancel("housing was resolved, or the case moved on, before it could be sent")
    case = ctx.case()
    days = (
        (case.release_date - ctx.now.astimezone(LONDON).date()).days if case.release_date else None
    )
    region = ctx.reference.regions.get(ctx.claimed.scope or "")
    fields = _person(ctx, case) | {
        "days_to_release": days,
        "region": region.name if region else ctx.claimed.scope,
        "link": _link(f"/cases/{case.id}"),
    }
    return Message(ctx.mailbox(), message_fields(fields))


def _handover(ctx: Context, handover_id: str) -> Handover:
    return ctx.session.get_one(Handover, handover_id)


def handover_sent(ctx: Context) -> Composed:
    handover, case = _handover(ctx, ctx.claimed.cause), ctx.case()
    fields = _person(ctx, case) | {
        "release_date": _day(handover.released_at.astimezone(LONDON).date()),
        "area": _area(ctx, handover.area),
        "accept_by": _day(
            handover.accept_by.astimezone(LONDON).date() if handover.accept_by else None
        ),
        "link": _link(f"/cases/{case.id}"),
    }
    return Message(ctx.mailbox(), message_fields(fields))


def handover_overdue(ctx: Context) -> Composed:
    if not _task_open(ctx):
        return Cancel("the handover was accepted before it could be sent")
    case = ctx.case()
    fields = _person(ctx, case) | {
        "area": _area(ctx, case.destination_area),
        "link": _link(f"/cases/{case.id}"),
    }
    return Message(ctx.mailbox(), message_fields(fields))


def consent_withdrawn(ctx: Context) -> Composed:
    """The person withdrew their consent to share after the handover: the message says so and
    nothing of what was shared (identity, the area and a link only)."""
    if not _task_open(ctx):
        return Cancel("the CJIT completed the task before the message could be sent")
    case = ctx.case()
    fields = _person(ctx, case) | {
        "area": _area(ctx, case.destination_area),
        "link": _link(f"/cases/{case.id}"),
    }
    return Message(ctx.mailbox(), message_fields(fields))


def duty_to_refer(ctx: Context) -> Composed:
    case = ctx.case()
    in_force = ctx.session.execute(
        select(func.count())
        .select_from(Case)
        .where(col(Case.id) == case.id, causes.consent_to_refer())
    ).scalar()
    if not in_force:
        return Cancel("the consent to refer was withdrawn: nothing was sent")
    referral = ctx.session.get_one(Referral, ctx.claimed.cause)
    fields = _person(ctx, case) | {
        "date_of_birth": _day(case.date_of_birth),
        "area": _area(ctx, referral.local_authority),
        "housing_status": case.housing_status.replace("_", " "),
        "threatened_with_homelessness": "yes" if _threatened(ctx.session, case) else "no",
        "referral_reference": referral.reference,
        "referred_on": _day(referral.referred_on),
        "reply_to": ctx.reference.mailboxes.of_team(Team.hacs, case.prison) or "",
    }
    return Message(ctx.mailbox(), message_fields(fields))


def _threatened(session: Session, case: Case) -> bool:
    """The latest HACS assessment's answer (its notes are never read for a message)."""
    data = session.execute(
        select(col(Assessment.data))
        .where(col(Assessment.case_id) == case.id, col(Assessment.kind) == Team.hacs.value)
        .order_by(col(Assessment.recorded_at).desc())
    ).scalar()
    return bool((data or {}).get("threatened_with_homelessness"))


def team_digest(ctx: Context) -> Composed:
    team_name, scope, _day_of = ctx.claimed.cause.split(":", 2)
    team = Team(team_name)
    new, overdue = _work(ctx, team, scope)
    if not new and not overdue:
        return Cancel("no new or overdue work any more")
    ref = ctx.reference
    places: dict[str, object] = {**ref.regions, **ref.areas, **ref.prisons}
    place = getattr(places.get(scope), "name", scope)
    fields = {
        "team": f"{team.value.upper()}, {place}",
        "new_tasks": new,
        "overdue_tasks": overdue,
        "link": _link("/tasks"),
    }
    return Message(ctx.mailbox(), message_fields(fields))


def _work(ctx: Context, team: Team, scope: str) -> tuple[int, int]:
    """Open tasks of the team in its scope: created in the last day, and overdue."""
    where: ColumnElement[bool]
    if team == Team.rom:
        where = col(Case.prison).in_(select(col(Prison.code)).where(col(Prison.region) == scope))
    elif team == Team.cjit:
        where = col(Case.destination_area) == scope
    else:
        where = col(Case.prison) == scope
    since = ctx.now - timedelta(days=1)
    row = ctx.session.execute(
        select(
            func.count().filter(col(Task.created_at) >= since),
            func.count().filter(col(Task.due_at) < ctx.now),
        )
        .join(Case, col(Case.id) == col(Task.case_id))
        .where(col(Task.team) == team.value, col(Task.status) == TaskStatus.open.value, where)
    ).one()
    return int(row[0] or 0), int(row[1] or 0)


def appointment_reminder(ctx: Context) -> Composed:
    handover_id, when = ctx.claimed.cause.split(":", 1)
    handover = _handover(ctx, handover_id)
    mobile = _texting_allowed(ctx, handover.case_id)
    if mobile is None:
        return Cancel("no consent to text reminders, or no mobile number, any more")
    appointment = handover.first_appointment
    if appointment is None or appointment.isoformat() != when or appointment <= ctx.now:
        return Cancel("the appointment changed or has passed")
    local = appointment.astimezone(LONDON)
    fields = {
        "appointment_date": f"{local:%A} {local.day} {local:%B}",
        "appointment_time": f"{local:%H:%M}",
    }
    return Message(mobile, message_fields(fields))


def _texting_allowed(ctx: Context, case_id: str) -> str | None:
    """The person's mobile number while they consent to texts (None: not any more)."""
    contact = ctx.session.get(CaseContact, case_id)
    if contact is None or not contact.sms_consent or not contact.mobile_number:
        return None
    return contact.mobile_number


def person_link(ctx: Context) -> Composed:
    """The person's one-time link, texted while it is still usable (its URL, with the secret,
    is held on the link only until this message is decided: `forget`)."""
    link = ctx.session.get(PersonLink, ctx.claimed.cause)
    if link is None or link.text_url is None:
        return Cancel("the link has ended")
    if link.ended_at is not None or link.signed_in_at is not None or link.expires_at <= ctx.now:
        return Cancel("the link was used, replaced or has expired")
    mobile = _texting_allowed(ctx, link.case_id)
    if mobile is None:
        return Cancel("no consent to texts, or no mobile number, any more")
    local = link.expires_at.astimezone(LONDON)
    fields = {
        "link": link.text_url,
        "link_expires": f"{local:%A} {local.day} {local:%B} at {local:%H:%M}",
    }
    return Message(mobile, message_fields(fields))


def forget(session: Session, claimed: Claimed) -> None:
    """What a message held only to be sent is dropped once the message is decided (sent,
    recorded, cancelled or failed): the person's link, whose secret is kept nowhere else."""
    if claimed.kind == K.person_link:
        session.execute(
            update(PersonLink).where(col(PersonLink.id) == claimed.cause).values(text_url=None)
        )


COMPOSERS: dict[NotificationKind, Callable[[Context], Composed]] = {
    K.housing_escalation: housing_escalation,
    K.handover_sent: handover_sent,
    K.handover_overdue: handover_overdue,
    K.duty_to_refer: duty_to_refer,
    K.team_digest: team_digest,
    K.appointment_reminder: appointment_reminder,
    K.consent_withdrawn: consent_withdrawn,
    K.person_link: person_link,
}
