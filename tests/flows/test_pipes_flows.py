"""The pipes as flows: in the daily run (the inbox first, messages last) and right after the
events that give them work, in the background of the serving process, waiting out an outage of
Notify without being told (the retry falls due), under the session's Prefect harness."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from flows.hmpps_inbox import hmpps_inbox
from flows.notifications import notifications
from flows.pipes import PipesRunner, pipes
from flows.release_date_refresh import release_date_refresh
from flows.steps import DAILY_STEPS
from resettlement import clock
from resettlement.policy import get_policy
from tests.conftest import NOW
from tests.factories import HMPPS_SEARCH, hmpps_event, released, sns_envelope
from tests.flows.test_handover_flows import wait_for
from tests.inbox.helpers import cases_of, post
from tests.notifications.helpers import outbox
from tests.standins.fixtures import (
    hmpps_auth_standin,
    hmpps_configured,
    notify_configured,
    notify_standin,
    prisoner_search_standin,
)
from tests.standins.hmpps import prisoner_record

pytestmark = [pytest.mark.flows, pytest.mark.usefixtures("prefect")]
__all__ = [
    "hmpps_auth_standin",
    "hmpps_configured",
    "notify_configured",
    "notify_standin",
    "prisoner_search_standin",
]


def test_the_daily_run_takes_the_inbox_first_and_sends_messages_last():
    names = [step.name for step in DAILY_STEPS]
    assert names[:2] == [hmpps_inbox.name, release_date_refresh.name]
    assert names[-1] == notifications.name


def test_the_notifications_flow_records_the_days_messages_without_a_key(db):
    released(received_at=NOW - timedelta(days=60), released_at=NOW)
    enqueued, sent, _purged = notifications(as_of=NOW.date())
    assert enqueued.raised >= 1 and sent.changed == enqueued.raised
    assert {m.status for m in outbox()} == {"not_sent"}


def test_the_pipes_flow_applies_an_hmpps_event_and_tells_the_cjit_of_the_release(
    hmpps_configured, notify_configured, monkeypatch
):
    from tests.notifications.helpers import notify_policy

    monkeypatch.setattr("flows.notifications.get_policy", lambda: notify_policy(notify_configured))
    hmpps_configured.add(prisoner_record("A1234BC", prisonId="DMI"))
    kind = f"{HMPPS_SEARCH}.received"
    post(sns_envelope(hmpps_event(kind, "NEW_ADMISSION", prison="DMI")))
    pipes()
    (case,) = cases_of("A1234BC")
    assert case.given_name == "Robert"


def test_an_hmpps_event_is_applied_right_away_by_the_runner_in_the_background(hmpps_configured):
    hmpps_configured.add(prisoner_record("A1234BC", prisonId="DMI"))
    runner = PipesRunner().start()
    try:
        kind = f"{HMPPS_SEARCH}.received"
        post(sns_envelope(hmpps_event(kind, "NEW_ADMISSION", prison="DMI")))
        assert wait_for(lambda: len(cases_of("A1234BC")) == 1)
    finally:
        runner.stop(timeout=30)


def test_the_runner_waits_out_a_notify_outage_and_sends_when_the_retry_falls_due(
    notify_configured, monkeypatch
):
    from tests.notifications.helpers import notify_policy

    policy = notify_policy(notify_configured, backoff_s=0.2, backoff_max_s=0.2)
    monkeypatch.setattr("flows.notifications.get_policy", lambda: policy)
    notify_configured.go_down()
    rules = get_policy().pipes.model_copy(update={"recheck_min_s": 0.1, "recheck_max_s": 0.5})
    runner = PipesRunner(rules=rules).start()
    try:
        released(received_at=NOW - timedelta(days=60), released_at=NOW)  # wakes the runner
        # A failed send recorded (an attempt is counted when a message is claimed, before the
        # send: waiting on the count let Notify come back before the first send, on a slow run).
        assert wait_for(lambda: any(m.last_error for m in outbox()))
        notify_configured.come_back()
        time.sleep(1.0)  # the others go; those that failed are not due (the clock stands still)
        failed = [m for m in outbox() if m.last_error]
        assert failed and all(m.status == "pending" for m in failed)
        with clock.frozen_at(NOW + timedelta(seconds=1)):  # the backoff has passed
            assert wait_for(lambda: all(m.status == "sent" for m in outbox()))
    finally:
        runner.stop(timeout=30)
    assert len(notify_configured.sent) == len(outbox())
