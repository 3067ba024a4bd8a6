"""Notify in tests: a policy whose templates exist on the stand-in, and one-call enqueue/send."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete
from sqlmodel import col, select

from resettlement import clock
from resettlement.access.users import Principal
from resettlement.assessment.inputs import HacsAssessmentIn
from resettlement.consent.records import withdraw_consent
from resettlement.contact.inputs import ContactIn
from resettlement.duty_to_refer.inputs import ReferralIn
from resettlement.handover.acceptance import accept_handover
from resettlement.horizon.sweep import sweep_housing_horizon
from resettlement.notifications.compose import PLACEHOLDERS
from resettlement.notifications.enqueue import enqueue_notifications
from resettlement.notifications.sending import send_notifications
from resettlement.policy import Policy, get_policy, get_reference
from resettlement.storage.db import get_engine, session_scope
from resettlement.storage.tables import Consent, Notification
from resettlement.sweeps import SweepResult
from resettlement.vocabulary import NotificationKind, Role
from tests.factories import AREA
from tests.standins.notify import NotifyStandIn

READ_TIMEOUT_S = 1.0  # shorter than a slow stand-in's answer


def notify_policy(standin: NotifyStandIn | None = None, **changes: Any) -> Policy:
    """The shipped policy, mode on, test-sized timeouts; its templates made on the stand-in
    with every placeholder of their kind (Notify refuses a message missing one)."""
    base = get_policy()
    templates = dict(base.notify.templates)
    if standin is not None:
        for kind in NotificationKind:
            body = " ".join(f"(({name}))" for name in PLACEHOLDERS[kind])
            templates[kind] = standin.add_template(subject=kind.value, body=body)
    rules = base.notify.model_copy(
        update={
            "mode": "on",
            "templates": templates,
            "connect_timeout_s": 1.0,
            "read_timeout_s": READ_TIMEOUT_S,
            "backoff_s": 60,
            "backoff_max_s": 3600,
        }
        | changes
    )
    return base.model_copy(update={"notify": rules})


def enqueue(
    policy: Policy, day: date | None = None, *, only: NotificationKind | None = None
) -> SweepResult:
    """The enqueue sweep; with `only`, the messages of other kinds (e.g. the team digests every
    day of work gives) are dropped, so that a test can follow one kind alone."""
    with session_scope() as session:
        result = enqueue_notifications(session, today=day or clock.today(), policy=policy)
        if only is not None:
            session.execute(delete(Notification).where(col(Notification.kind) != only.value))
        return result


def send(policy: Policy, now: datetime | None = None, **kw: Any) -> SweepResult:
    kw.setdefault("reference", get_reference())
    return send_notifications(get_engine(), now=now or clock.now(), policy=policy, **kw)


def outbox(kind: NotificationKind | None = None) -> list[Notification]:
    with session_scope(write=False) as session:
        query = select(Notification).order_by(col(Notification.created_at), col(Notification.id))
        if kind is not None:
            query = query.where(col(Notification.kind) == kind.value)
        return list(session.exec(query))


ADMIN = Principal(username="admin", role=Role.admin, scope=None)


def hacs_assessment(case_id: str, **body: Any) -> None:
    """A HACS assessment recorded by an admin (threatened, consenting to refer, by default)."""
    values = {
        "housing_status": "nfa",
        "threatened_with_homelessness": True,
        "duty_to_refer_consent": True,
    } | body
    with session_scope() as session:
        body_in = HacsAssessmentIn.model_validate(values)
        body_in.apply(
            session,
            principal=ADMIN,
            case_id=case_id,
            policy=get_policy(),
            reference=get_reference(),
        )


def refer(case_id: str, *, area: str = AREA, on: date | None = None) -> str:
    """The referral recorded (the consent to refer must be in force); its id."""
    body = {"local_authority": area, "referred_on": (on or clock.today()), "reference": "LA-77"}
    with session_scope() as session:
        referral = ReferralIn.model_validate(body).apply(
            session, principal=ADMIN, case_id=case_id, ref_data=get_reference()
        )
        return referral.id


def withdraw_consents(case_id: str, kind: str) -> None:
    with session_scope() as session:
        for consent in session.exec(select(Consent).where(Consent.case_id == case_id)):
            if consent.kind == kind and consent.given and consent.withdrawn_at is None:
                withdraw_consent(
                    session,
                    principal=ADMIN,
                    case_id=case_id,
                    consent_id=consent.id,
                    policy=get_policy(),
                )


def record_contact(case_id: str, mobile: str | None, consent: bool) -> None:
    with session_scope() as session:
        ContactIn(mobile_number=mobile, sms_consent=consent).apply(
            session, principal=ADMIN, case_id=case_id
        )


def accept(handover_id: str, first_appointment: datetime) -> None:
    cjit = Principal(username="newcastle", role=Role.cjit_worker, scope=AREA)
    with session_scope() as session:
        accept_handover(
            session,
            principal=cjit,
            handover_id=handover_id,
            worker="Sam Lee",
            first_appointment=first_appointment,
            now=clock.now(),
        )


def horizon(day: date) -> None:
    """The housing horizon sweep as of `day` (raises the ROM's escalations from 14 days)."""
    with clock.frozen_at(clock.start_of_day(day)), session_scope() as session:
        sweep_housing_horizon(session, today=day, policy=get_policy())
