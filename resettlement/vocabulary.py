"""The names of the Community Gateway path (DESIGN.md §2), as enums used everywhere."""

from __future__ import annotations

import re
from enum import StrEnum

PRISON_NUMBER = re.compile(r"^[A-Z]\d{4}[A-Z]{2}$")


class Stage(StrEnum):
    received = "received"
    assessed = "assessed"
    case_managed = "case_managed"
    release_planning = "release_planning"
    plan_agreed = "plan_agreed"
    released = "released"
    handed_over = "handed_over"
    tenancy_monitoring = "tenancy_monitoring"
    closed = "closed"
    recalled = "recalled"
    withdrawn = "withdrawn"


CUSTODY_STAGES = frozenset(
    {
        Stage.received,
        Stage.assessed,
        Stage.case_managed,
        Stage.release_planning,
        Stage.plan_agreed,
        Stage.recalled,
    }
)
COMMUNITY_STAGES = frozenset({Stage.released, Stage.handed_over, Stage.tenancy_monitoring})
FINAL_STAGES = frozenset({Stage.closed, Stage.withdrawn})


class HousingStatus(StrEnum):
    settled = "settled"
    tenancy_maintained = "tenancy_maintained"
    approved_premises = "approved_premises"
    supported_housing = "supported_housing"
    temporary = "temporary"
    nfa = "nfa"
    rough_sleeping = "rough_sleeping"
    unknown = "unknown"


class SpectrumStage(StrEnum):
    chaotic_using = "chaotic_using"
    chaotic_engaging = "chaotic_engaging"
    in_treatment = "in_treatment"
    recently_abstinent_vulnerable = "recently_abstinent_vulnerable"
    abstinent_potentially_vulnerable = "abstinent_potentially_vulnerable"


class Team(StrEnum):
    hacs = "hacs"
    carat = "carat"
    probation = "probation"
    cjit = "cjit"
    rom = "rom"


class TaskKind(StrEnum):
    hacs_assessment_due = "hacs_assessment_due"
    carat_triage_due = "carat_triage_due"
    duty_to_refer = "duty_to_refer"
    duty_to_refer_chase = "duty_to_refer_chase"
    protect_tenancy = "protect_tenancy"
    end_tenancy_safely = "end_tenancy_safely"
    housing_unresolved = "housing_unresolved"
    housing_unresolved_escalation = "housing_unresolved_escalation"
    release_plan_signoff = "release_plan_signoff"
    handover_acceptance_overdue = "handover_acceptance_overdue"
    missed_first_appointment = "missed_first_appointment"
    tenancy_check_due = "tenancy_check_due"
    tenancy_at_risk = "tenancy_at_risk"
    rehousing_needed = "rehousing_needed"
    consent_withdrawn = "consent_withdrawn"
    need_not_started = "need_not_started"  # raised for the need's owner party (issue #14)
    placement_reply_overdue = "placement_reply_overdue"  # provider silent 3 working days (#11)


# Which team owns each kind of task (a sign-off task is raised for the party still to sign).
TASK_TEAM: dict[TaskKind, Team] = {
    TaskKind.hacs_assessment_due: Team.hacs,
    TaskKind.carat_triage_due: Team.carat,
    TaskKind.duty_to_refer: Team.hacs,
    TaskKind.duty_to_refer_chase: Team.hacs,
    TaskKind.protect_tenancy: Team.hacs,
    TaskKind.end_tenancy_safely: Team.hacs,
    TaskKind.housing_unresolved: Team.hacs,
    TaskKind.housing_unresolved_escalation: Team.rom,
    TaskKind.handover_acceptance_overdue: Team.cjit,
    TaskKind.missed_first_appointment: Team.cjit,
    TaskKind.tenancy_check_due: Team.cjit,
    TaskKind.tenancy_at_risk: Team.cjit,
    TaskKind.rehousing_needed: Team.cjit,
    TaskKind.consent_withdrawn: Team.cjit,
    TaskKind.placement_reply_overdue: Team.hacs,
}


class TaskStatus(StrEnum):
    open = "open"
    done = "done"
    closed = "closed"


class EventType(StrEnum):
    reception = "reception"
    release_date_set = "release_date_set"
    transfer = "transfer"
    release = "release"
    recall = "recall"
    withdrawn = "withdrawn"


class Role(StrEnum):
    admin = "admin"
    prison_staff = "prison_staff"
    cjit_worker = "cjit_worker"
    rom = "rom"
    feed = "feed"  # a system posting prison events: no scope, reads nothing


class PlanParty(StrEnum):
    hacs = "hacs"
    carat = "carat"
    probation = "probation"
    cjit = "cjit"


class TenancyOutcome(StrEnum):
    sustained = "sustained"
    at_risk = "at_risk"
    lost = "lost"
    not_contactable = "not_contactable"


class HandoverStatus(StrEnum):
    new = "new"  # waiting for the CJIT to accept it
    accepted = "accepted"


class DeliveryState(StrEnum):
    """Where a handover stands in the outbox to the CJIT area's case system."""

    pending = "pending"  # to be sent by the next delivery run
    sending = "sending"  # claimed by a delivery run right now
    delivered = "delivered"
    failed = "failed"  # the last run gave up; a later run tries again
    inbox_only = "inbox_only"  # the area has no case system: the in-app inbox is the handover
    cancelled = "cancelled"  # recalled or withdrawn before it could be sent


class TriageOutcome(StrEnum):
    comprehensive_assessment = "comprehensive_assessment"
    brief_intervention = "brief_intervention"
    no_further_action = "no_further_action"


class ConsentKind(StrEnum):
    share_cjit = "share_cjit"
    duty_to_refer = "duty_to_refer"


class ReferralOutcome(StrEnum):
    accepted_prevention_duty = "accepted_prevention_duty"
    accepted_relief_duty = "accepted_relief_duty"
    not_eligible = "not_eligible"
    no_contact = "no_contact"
    other = "other"


class LandlordType(StrEnum):
    social = "social"
    private = "private"
    family = "family"
    other = "other"


class PlanStatus(StrEnum):
    """A version of the release plan: being written and signed, agreed, or replaced."""

    draft = "draft"
    agreed = "agreed"
    superseded = "superseded"


# -- trust (issue #12) -----------------------------------------------------------------------


class Action(StrEnum):
    """A write a principal may or may not do (access/permissions.py decides, in one table)."""

    hacs_assessment = "hacs_assessment"
    carat_assessment = "carat_assessment"
    consent = "consent"
    accommodation = "accommodation"
    duty_to_refer = "duty_to_refer"
    placement = "placement"
    plan_section = "plan_section"
    plan_sign = "plan_sign"
    tenancy_check = "tenancy_check"
    handover = "handover"
    complete_task = "complete_task"
    post_event = "post_event"
    manage_users = "manage_users"
    contact = "contact"
    need = "need"  # record or update a need owned by a party (issue #14)
    allocate = "allocate"  # name the worker who holds a case for a team (issue #14)
    person_link = "person_link"  # make the person's one-time link to their plan (issue #14)
    manage_services = "manage_services"  # add or change a service of the catalogue (issue #11)


class Via(StrEnum):
    """Through what a principal reached the system (the audit says)."""

    api = "api"
    web = "web"
    cli = "cli"
    system = "system"  # the daily flows, the demo's simulation: no person's request
    person = "person"  # the person themself, through their own one-time link (issue #14)


class AuditKind(StrEnum):
    read = "read"  # a case (or a list of cases) shown to someone
    write = "write"  # a change to a case
    export = "export"  # a subject-access export
    refused = "refused"  # a case out of the caller's scope asked for (answered 404)
    admin = "admin"  # a change to a user (added, disabled, token rotated)


class ConsentMethod(StrEnum):
    """How the person gave (or refused, or withdrew) a consent."""

    verbal = "verbal"  # said so to the member of staff recording it
    written = "written"  # signed a consent form
    by_phone = "by_phone"


class InboxStatus(StrEnum):
    """Where a message of the HMPPS domain events stands in the inbox (stored before anything)."""

    pending = "pending"  # waiting for its turn, or for the Prisoner Search API to come back
    processing = "processing"  # claimed by a run right now
    processed = "processed"  # applied to a case through the intake
    ignored = "ignored"  # nothing for the gateway to do, with the reason
    failed = "failed"  # could not be applied (the error is kept); retried by hand


class NotificationKind(StrEnum):
    """Why a message is sent through GOV.UK Notify (one message per cause)."""

    housing_escalation = "housing_escalation"  # to the ROM: housing unresolved, 14 days left
    handover_sent = "handover_sent"  # to the CJIT mailbox: a handover is waiting
    handover_overdue = "handover_overdue"  # to the CJIT mailbox: not accepted in time
    duty_to_refer = "duty_to_refer"  # the referral, to the council, with consent
    team_digest = "team_digest"  # daily, per team mailbox: new and overdue work
    appointment_reminder = "appointment_reminder"  # SMS to the person, the day before
    consent_withdrawn = "consent_withdrawn"  # to the CJIT mailbox: stop using what was shared
    person_link = "person_link"  # SMS to the person: their one-time link, with their consent


class NotificationChannel(StrEnum):
    email = "email"
    sms = "sms"


class NotificationStatus(StrEnum):
    """Where a message stands in the outbox to GOV.UK Notify."""

    pending = "pending"  # to be sent (again) by the next run from `next_attempt_at`
    sending = "sending"  # claimed by a run right now
    sent = "sent"  # Notify took it in
    failed = "failed"  # refused, or still failing after the last attempt: retried by hand
    not_sent = (
        "not_sent"  # recorded only: no Notify key, notifications off, or not on the test list
    )
    cancelled = "cancelled"  # its cause went away first (e.g. consent withdrawn): nothing left


class NotifyMode(StrEnum):
    """Whom GOV.UK Notify messages go to (policy `notify.mode`)."""

    off = "off"  # nobody: every message is recorded as not_sent
    test = "test"  # only the recipients on `notify.test_recipients`
    on = "on"  # every recipient


# -- needs, the person's own view (issue #14) ------------------------------------------------


class Pathway(StrEnum):
    """The seven resettlement pathways a need sits on."""

    accommodation = "accommodation"
    attitudes_thinking_behaviour = "attitudes_thinking_behaviour"
    children_families_communities = "children_families_communities"
    drugs_alcohol = "drugs_alcohol"
    education_skills_work = "education_skills_work"
    finance_id = "finance_id"
    health = "health"


class NeedStatus(StrEnum):
    not_started = "not_started"
    in_progress = "in_progress"
    met = "met"
    declined = "declined"  # the person said no


# A need is open (still to be worked) until it is met or declined.
OPEN_NEED_STATUSES = frozenset({NeedStatus.not_started, NeedStatus.in_progress})


class PersonLinkEnd(StrEnum):
    """Why a person's link stopped working before it expired."""

    signed_in = "signed_in"  # used: it works for one sign-in
    wrong_dates_of_birth = "wrong_dates_of_birth"  # too many wrong dates of birth
    replaced = "replaced"  # staff made a newer link for the case


# -- map and match: services, placements (issue #11) -------------------------------------------


class ServiceKind(StrEnum):
    approved_premises = "approved_premises"
    supported_housing = "supported_housing"
    hostel = "hostel"
    temporary = "temporary"
    private_rented = "private_rented"
    social_housing = "social_housing"
    floating_support = "floating_support"  # supports a tenancy elsewhere: holds no place


class SupportLevel(StrEnum):
    """What a service provides, or what a person needs (ordered: none < low < medium < high)."""

    none = "none"
    low = "low"
    medium = "medium"
    high = "high"


SUPPORT_RANK: dict[SupportLevel, int] = {level: rank for rank, level in enumerate(SupportLevel)}


class AccessRoute(StrEnum):
    direct = "direct"
    referral = "referral"
    waiting_list = "waiting_list"


class ServiceGender(StrEnum):
    male = "male"
    female = "female"
    other = "other"


class RiskFactor(StrEnum):
    arson = "arson"
    sexual_offence = "sexual_offence"
    violence = "violence"
    rent_arrears = "rent_arrears"
    high_mental_health_need = "high_mental_health_need"


# Stages of a person in recovery: never matched to a service that leaves their stage out.
RECOVERY_STAGES = frozenset(
    {SpectrumStage.recently_abstinent_vulnerable, SpectrumStage.abstinent_potentially_vulnerable}
)


class PlacementStatus(StrEnum):
    requested = "requested"
    offered = "offered"
    confirmed = "confirmed"
    ended = "ended"
    declined = "declined"


# A place is held by a placement in these statuses, from its start date until its end date.
HOLDING_STATUSES = frozenset({PlacementStatus.confirmed, PlacementStatus.ended})
