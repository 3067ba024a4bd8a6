"""Each kind of message, from its cause to the Notify stand-in: handovers to the CJIT mailbox,
the consented referral to the council (and nothing without consent), team digests, the SMS
reminder the day before the first appointment; and what happens without a key, a mailbox or
a template Notify knows."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import col, select

from resettlement import clock
from resettlement.access.users import Principal
from resettlement.assessment.inputs import CaratAssessmentIn
from resettlement.consent.records import withdraw_consent
from resettlement.handover.sweep import sweep_overdue_acceptances
from resettlement.policy import get_policy, get_reference
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Consent, DomainEvent
from resettlement.vocabulary import ConsentKind, NotificationKind, Role, Team
from tests.conftest import NOW
from tests.factories import AREA, apply_events, handover_of, reception, release_event, released
from tests.notifications.helpers import (
    accept,
    enqueue,
    hacs_assessment,
    notify_policy,
    outbox,
    record_contact,
    refer,
    send,
    withdraw_consents,
)

K = NotificationKind
CARAT_WORKER = Principal(
    username="durham-carat", role=Role.prison_staff, scope="DMI", team=Team.carat
)
CJIT_MAILBOX = "cjit.e08000021@resettlement.example"
COUNCIL = "dtr.e08000021@council.example"
MOBILE = "07700900123"
HOUR = timedelta(hours=1)


def _once(standin, kind: K):
    (message,) = outbox(kind)
    sent = standin.sent_with(reference=message.id)
    assert len(sent) == 1, f"{kind}: {len(sent)} sent"
    return message, sent[0]


def test_a_handover_sent_tells_the_areas_cjit_mailbox_once(notify_configured):
    case_id, _ = released(received_at=NOW - timedelta(days=60), released_at=NOW - HOUR)
    policy = notify_policy(notify_configured)
    for _ in range(2):
        enqueue(policy, only=K.handover_sent)
        send(policy)
    message, sent = _once(notify_configured, K.handover_sent)
    assert (message.case_id, sent.recipient) == (case_id, CJIT_MAILBOX)
    assert sent.personalisation["area"] == "Newcastle upon Tyne"


def test_a_handover_not_accepted_in_time_tells_the_cjit_mailbox_again_once(notify_configured):
    released(received_at=NOW - timedelta(days=60), released_at=NOW - timedelta(days=3))
    with session_scope() as session:
        sweep_overdue_acceptances(session, today=NOW.date(), policy=get_policy())
    policy = notify_policy(notify_configured)
    for _ in range(2):
        enqueue(policy, only=K.handover_overdue)
        send(policy)
    _, sent = _once(notify_configured, K.handover_overdue)
    assert sent.recipient == CJIT_MAILBOX


def _referred() -> str:
    (case_id,) = apply_events(reception(at=NOW - timedelta(days=20), release_in_days=50))
    hacs_assessment(case_id, notes="HACSNOTE-never-sent")
    refer(case_id)
    return case_id


def test_a_consented_duty_to_refer_reaches_the_councils_address_once_and_says_when(
    notify_configured,
):
    case_id = _referred()
    policy = notify_policy(notify_configured)
    for _ in range(3):
        enqueue(policy, only=K.duty_to_refer)
        send(policy)
    message, sent = _once(notify_configured, K.duty_to_refer)
    assert sent.recipient == COUNCIL and message.sent_at == NOW
    values = sent.personalisation
    assert values["referral_reference"] == "LA-77"
    assert values["threatened_with_homelessness"] == "yes"
    assert values["reply_to"] == "hacs.dmi@resettlement.example"
    assert "HACSNOTE" not in sent.body
    with session_scope(write=False) as session:
        went = session.exec(
            select(DomainEvent).where(
                col(DomainEvent.case_id) == case_id, col(DomainEvent.kind) == "referral_sent"
            )
        ).one()
    assert went.occurred_at == NOW and went.data["to"] == COUNCIL


def test_a_referral_whose_consent_is_withdrawn_before_it_goes_is_never_sent(notify_configured):
    case_id = _referred()
    policy = notify_policy(notify_configured)
    enqueue(policy, only=K.duty_to_refer)
    withdraw_consents(case_id, ConsentKind.duty_to_refer.value)
    send(policy)
    (message,) = outbox(K.duty_to_refer)
    assert message.status == "cancelled" and "withdrawn" in (message.last_error or "")
    assert notify_configured.sent == []


def test_without_consent_no_referral_message_is_made(notify_configured):
    (case_id,) = apply_events(reception(at=NOW - timedelta(days=20), release_in_days=50))
    hacs_assessment(case_id, duty_to_refer_consent=False)
    enqueue(notify_policy(notify_configured))
    assert outbox(K.duty_to_refer) == []


def test_each_team_gets_one_digest_a_day_of_its_new_and_overdue_work(notify_configured):
    with clock.frozen_at(NOW - timedelta(days=10)):
        apply_events(reception(at=NOW - timedelta(days=10)))
    apply_events(reception(at=NOW - timedelta(hours=2)))
    policy = notify_policy(notify_configured)
    for _ in range(2):
        enqueue(policy, only=K.team_digest)
        send(policy)
    digests = {s.recipient: s.personalisation for s in notify_configured.sent}
    hacs = digests["hacs.dmi@resettlement.example"]
    # Both HACS assessments are open: one new today, one overdue (72 hours).
    assert (hacs["new_tasks"], hacs["overdue_tasks"]) == ("1", "1")
    assert hacs["team"] == "HACS, HMP Durham"
    assert len(notify_configured.sent) == len(outbox(K.team_digest)) == len(digests)
    enqueue(policy, NOW.date() + timedelta(days=1), only=K.team_digest)
    assert len(outbox(K.team_digest)) == 2 * len(digests)  # the next day: another digest


def _accepted_for(appointment: datetime) -> str:
    case_id, _ = released(received_at=NOW - timedelta(days=60), released_at=NOW - 3 * HOUR)
    accept(handover_of(case_id).id, appointment)
    return case_id


TOMORROW_10AM = datetime(2026, 11, 25, 10, 0, tzinfo=NOW.tzinfo)


def test_the_person_is_texted_the_day_before_their_first_appointment_with_their_consent(
    notify_configured,
):
    case_id = _accepted_for(TOMORROW_10AM)
    record_contact(case_id, MOBILE, True)
    policy = notify_policy(notify_configured)
    for _ in range(2):
        enqueue(policy, only=K.appointment_reminder)
        send(policy)
    _, sent = _once(notify_configured, K.appointment_reminder)
    assert (sent.kind, sent.recipient) == ("sms", MOBILE)
    assert sent.personalisation == {
        "appointment_date": "Wednesday 25 November",
        "appointment_time": "10:00",
    }


def test_no_text_without_consent_or_before_the_day_before(notify_configured):
    case_id = _accepted_for(TOMORROW_10AM + timedelta(days=3))
    record_contact(case_id, MOBILE, True)
    other = _accepted_for(TOMORROW_10AM)
    record_contact(other, MOBILE, False)
    enqueue(notify_policy(notify_configured))
    assert outbox(K.appointment_reminder) == []


def test_a_text_whose_consent_is_withdrawn_before_it_goes_is_cancelled(notify_configured):
    case_id = _accepted_for(TOMORROW_10AM)
    record_contact(case_id, MOBILE, True)
    policy = notify_policy(notify_configured)
    enqueue(policy, only=K.appointment_reminder)
    record_contact(case_id, MOBILE, False)
    send(policy)
    assert outbox()[0].status == "cancelled" and notify_configured.sent == []


def test_without_a_notify_key_messages_are_recorded_as_not_sent(db, notify_standin):
    released(received_at=NOW - timedelta(days=60), released_at=NOW - timedelta(hours=1))
    policy = notify_policy(notify_standin)
    enqueue(policy, only=K.handover_sent)
    send(policy)
    (message,) = outbox()
    assert message.status == "not_sent" and "RESETTLE_NOTIFY_API_KEY" in (message.last_error or "")
    assert (message.attempts, message.lookup_first) == (0, False)  # nothing was tried
    assert message.recipient == CJIT_MAILBOX and notify_standin.request_count == 0


def test_in_test_mode_only_the_listed_recipients_are_sent_to(notify_configured):
    released(received_at=NOW - timedelta(days=60), released_at=NOW - timedelta(hours=1))
    _referred()
    policy = notify_policy(notify_configured, mode="test", test_recipients=[COUNCIL])
    enqueue(policy)
    send(policy)
    sent_to = {s.recipient for s in notify_configured.sent}
    assert sent_to == {COUNCIL}
    assert {m.status for m in outbox() if m.recipient != COUNCIL} == {"not_sent"}


def test_mode_off_records_every_message_and_sends_none(notify_configured):
    released(received_at=NOW - timedelta(days=60), released_at=NOW - timedelta(hours=1))
    policy = notify_policy(notify_configured, mode="off")
    enqueue(policy)
    send(policy)
    assert {m.status for m in outbox()} == {"not_sent"} and notify_configured.request_count == 0


def test_no_mailbox_fails_naming_it_and_a_retry_after_the_fix_sends_it(notify_configured):
    from resettlement.notifications.commands import retry_notification

    released(received_at=NOW - timedelta(days=60), released_at=NOW - timedelta(hours=1))
    policy = notify_policy(notify_configured)
    enqueue(policy, only=K.handover_sent)
    full = get_reference()
    boxes = full.mailboxes.model_copy(update={"areas": {}})
    send(policy, reference=full.model_copy(update={"mailboxes": boxes}))
    (message,) = outbox()
    assert message.status == "failed" and "mailbox" in (message.last_error or "")
    with session_scope() as session:
        retry_notification(session, message.id)
    send(policy)
    assert outbox()[0].status == "sent" and notify_configured.sent[0].recipient == CJIT_MAILBOX


def test_a_template_notify_refuses_fails_at_once_and_is_not_retried(notify_configured):
    released(received_at=NOW - timedelta(days=60), released_at=NOW - timedelta(hours=1))
    policy = notify_policy(notify_configured)
    notify_configured.templates.clear()  # Notify answers 400: template not found
    enqueue(policy, only=K.handover_sent)
    send(policy)
    send(policy, now=NOW + timedelta(days=1))
    (message,) = outbox()
    assert (message.status, message.attempts) == ("failed", 1)
    assert "BadRequestError" in (message.last_error or "")
    assert AREA not in (message.last_error or "")


def test_decided_messages_are_deleted_after_the_keep_days_and_failed_ones_kept(db):
    from sqlalchemy import update

    from resettlement.notifications.purge import purge_notifications
    from resettlement.storage.tables import Notification

    released(received_at=NOW - timedelta(days=60), released_at=NOW - HOUR)
    released(received_at=NOW - timedelta(days=60), released_at=NOW - HOUR)
    policy = notify_policy()
    enqueue(policy, only=K.handover_sent)
    send(policy)  # no key: both recorded, not sent
    _, second = outbox()
    old = NOW - timedelta(days=policy.notify.keep_days + 1)
    with session_scope() as session:
        session.execute(update(Notification).values(created_at=old))
        session.execute(
            update(Notification).where(Notification.id == second.id).values(status="failed")
        )
    with session_scope() as session:
        assert purge_notifications(session, today=NOW.date(), policy=policy).closed == 1
    assert [m.id for m in outbox()] == [second.id]


def test_consent_to_share_withdrawn_after_the_handover_tells_the_cjit_mailbox_once(
    notify_configured,
):
    event = reception(at=NOW - timedelta(days=60))
    (case_id,) = apply_events(event)
    with session_scope() as session:
        CaratAssessmentIn(
            drug_need=True,
            spectrum_stage="in_treatment",
            consent_share_cjit=True,
            notes="CARATNOTE-never-sent",
        ).apply(session, principal=CARAT_WORKER, case_id=case_id)
    apply_events(release_event(event["prison_number"], at=NOW - timedelta(days=1)))
    with session_scope() as session:
        (consent,) = [
            c
            for c in session.exec(select(Consent).where(col(Consent.case_id) == case_id))
            if c.kind == ConsentKind.share_cjit.value and c.given
        ]
        withdraw_consent(
            session,
            principal=CARAT_WORKER,
            case_id=case_id,
            consent_id=consent.id,
            policy=get_policy(),
        )
    policy = notify_policy(notify_configured)
    for _ in range(2):
        enqueue(policy, only=K.consent_withdrawn)
        send(policy)
    _, sent = _once(notify_configured, K.consent_withdrawn)
    assert sent.recipient == CJIT_MAILBOX
    assert "CARATNOTE" not in str(sent.personalisation)
    assert "in treatment" not in str(sent.personalisation).lower()
