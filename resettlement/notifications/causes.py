"""What gives rise to a message, found in the database: one SELECT per kind, each leaving out
causes already in the outbox (its unique (kind, cause) is the last word, not these SELECTs).

| kind | cause | to |
| --- | --- | --- |
| housing_escalation | an open housing_unresolved_escalation task | the ROM of the prison's region |
| handover_sent | a handover sent (delivered, or in the CJIT's inbox) | the area's CJIT mailbox |
| handover_overdue | an open handover_acceptance_overdue task | the area's CJIT mailbox |
| duty_to_refer | the episode's referral, while the consent to refer is in force | the council |
| team_digest | a team with new or overdue work today | the team's mailbox |
| appointment_reminder | a first CJIT appointment tomorrow; a number, SMS consent | the person |
| consent_withdrawn | an open consent_withdrawn task (share consent withdrawn) | the CJIT mailbox |

A cause older than `notify.announce_within_days` when first seen is left unannounced (a first
deployment does not tell everyone about everything). Each SELECT covers the cases of one region
(cases/partition.py) when given; a team digest, the teams whose prison, area or region is in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, and_, case, exists, func, literal, or_, select
from sqlmodel import col

from resettlement.cases.partition import region_clause
from resettlement.clock import LONDON
from resettlement.storage.tables import (
    Area,
    Case,
    CaseContact,
    Consent,
    Handover,
    Notification,
    Prison,
    Referral,
    Task,
)
from resettlement.vocabulary import (
    COMMUNITY_STAGES,
    ConsentKind,
    HandoverStatus,
    NotificationKind,
    TaskKind,
    TaskStatus,
    Team,
)

PRISON_TEAMS = (Team.hacs.value, Team.carat.value, Team.probation.value, Team.rom.value)


@dataclass(frozen=True)
class Cause:
    kind: NotificationKind
    cause: str
    case_id: str | None
    scope: str | None  # the prison, area or region whose mailbox it goes to
    recipient: str | None = None  # known from the cause itself (an SMS number)
    team: Team | None = None


def _new(kind: NotificationKind, cause: Any) -> Any:
    """Not yet in the outbox."""
    return ~exists().where(col(Notification.kind) == kind.value, col(Notification.cause) == cause)


def _open_tasks(kind: TaskKind, since: datetime) -> Any:
    return and_(
        col(Task.kind) == kind.value,
        col(Task.status) == TaskStatus.open.value,
        col(Task.created_at) >= since,
    )


def housing_escalations(since: datetime, region: str | None) -> Select[str, str, str]:
    """(task key, case, the prison's region) of each open escalation to the ROM."""
    kind = NotificationKind.housing_escalation
    return (
        select(col(Task.dedupe_key), col(Case.id), col(Prison.region))
        .join(Case, col(Case.id) == col(Task.case_id))
        .join(Prison, col(Prison.code) == col(Case.prison))
        .where(
            _open_tasks(TaskKind.housing_unresolved_escalation, since),
            _new(kind, col(Task.dedupe_key)),
            region_clause(region),
        )
    )


def handovers_sent(since: datetime, region: str | None) -> Select[str, str, str | None]:
    """(handover, case, area) of each handover sent to an area since `since`."""
    return (
        select(col(Handover.id), col(Case.id), col(Handover.area))
        .join(Case, col(Case.id) == col(Handover.case_id))
        .where(
            col(Handover.sent_at) >= since,
            col(Handover.area).is_not(None),
            _new(NotificationKind.handover_sent, col(Handover.id)),
            region_clause(region),
        )
    )


def cjit_tasks(
    task: TaskKind, kind: NotificationKind, since: datetime, region: str | None
) -> Select[str, str, str | None]:
    """(task key, case, area) of each open `task` (the CJIT's) not yet announced as `kind`."""
    return (
        select(col(Task.dedupe_key), col(Case.id), col(Case.destination_area))
        .join(Case, col(Case.id) == col(Task.case_id))
        .where(
            _open_tasks(task, since),
            col(Case.destination_area).is_not(None),
            _new(kind, col(Task.dedupe_key)),
            region_clause(region),
        )
    )


def handovers_overdue(since: datetime, region: str | None) -> Select[str, str, str | None]:
    """(task key, case, area) of each open handover_acceptance_overdue task."""
    return cjit_tasks(
        TaskKind.handover_acceptance_overdue, NotificationKind.handover_overdue, since, region
    )


def consents_withdrawn(since: datetime, region: str | None) -> Select[str, str, str | None]:
    """(task key, case, area) of each open consent_withdrawn task: the CJIT holds drug-treatment
    details from a handover that the person no longer consents to share."""
    return cjit_tasks(TaskKind.consent_withdrawn, NotificationKind.consent_withdrawn, since, region)


def consent_to_refer() -> Any:
    """The case's consent to refer is in force (given, not withdrawn)."""
    return exists().where(
        col(Consent.case_id) == col(Case.id),
        col(Consent.kind) == ConsentKind.duty_to_refer.value,
        col(Consent.given).is_(True),
        col(Consent.withdrawn_at).is_(None),
    )


def referrals(since: date, region: str | None) -> Select[str, str, str]:
    """(referral, case, local authority) of each current referral made with consent."""
    return (
        select(col(Referral.id), col(Case.id), col(Referral.local_authority))
        .join(Case, col(Case.id) == col(Referral.case_id))
        .where(
            col(Referral.episode) == col(Case.episode),
            col(Referral.referred_on) >= since,
            consent_to_refer(),
            _new(NotificationKind.duty_to_refer, col(Referral.id)),
            region_clause(region),
        )
    )


def work_of_teams(now: datetime, region: str | None) -> Any:
    """(team, prison, area) with counts of new (last 24 hours) and overdue open tasks."""
    new = func.sum(case((col(Task.created_at) >= now - timedelta(days=1), 1), else_=0))
    overdue = func.sum(case((col(Task.due_at) < now, 1), else_=0))
    prison_team = col(Task.team).in_(PRISON_TEAMS)
    query = (
        select(
            col(Task.team),
            case((prison_team, col(Case.prison)), else_=literal(None)),
            case((prison_team, literal(None)), else_=col(Case.destination_area)),
        )
        .join(Case, col(Case.id) == col(Task.case_id))
        .where(col(Task.status) == TaskStatus.open.value)
        .group_by(col(Task.team), col(Case.prison), col(Case.destination_area))
        .having(or_(new > 0, overdue > 0))
    )
    if region is not None:
        prisons = select(col(Prison.code)).where(col(Prison.region) == region)
        areas = select(col(Area.code)).where(col(Area.region) == region)
        query = query.where(
            or_(
                and_(prison_team, col(Case.prison).in_(prisons)),
                and_(~prison_team, col(Case.destination_area).in_(areas)),
            )
        )
    return query


def appointments_on(day: date, region: str | None) -> Select[str, str, datetime | None, str | None]:
    """(handover, case, first appointment, mobile) of each first CJIT appointment on `day`
    of a person who gave a number and consented to text reminders."""
    start = datetime.combine(day, time(0), LONDON)
    return (
        select(
            col(Handover.id),
            col(Case.id),
            col(Handover.first_appointment),
            col(CaseContact.mobile_number),
        )
        .join(Case, col(Case.id) == col(Handover.case_id))
        .join(CaseContact, col(CaseContact.case_id) == col(Case.id))
        .where(
            col(Handover.status) == HandoverStatus.accepted.value,
            col(Handover.episode) == col(Case.episode),
            col(Handover.first_appointment) >= start,
            col(Handover.first_appointment) < start + timedelta(days=1),
            col(Case.stage).in_([s.value for s in COMMUNITY_STAGES]),
            col(CaseContact.sms_consent).is_(True),
            col(CaseContact.mobile_number).is_not(None),
            region_clause(region),
        )
    )
