"""The admin's pipes page: each pipe's states counted, failures with their last error, a retry
that puts the row back to wait; nobody else may see it."""

from __future__ import annotations

from datetime import timedelta

from resettlement.daily import run_sweeps
from resettlement.policy import get_policy
from tests.conftest import NOW
from tests.factories import HMPPS_SEARCH, hmpps_event, released


def test_the_admin_sees_each_pipe_counted_and_the_messages_recorded(api, web, db):
    released(received_at=NOW - timedelta(days=60), released_at=NOW)
    run_sweeps(NOW.date(), get_policy())
    api.post("/hmpps-events", json=hmpps_event(f"{HMPPS_SEARCH}.released", "SENT_TO_COURT"))
    web.sign_in("admin")
    page = web.get("/pipes")
    assert page.status_code == 200
    assert 'data-testid="pipe-notifications"' in page.text and "Handover sent" in page.text
    assert 'data-testid="notifications-pending"' in page.text
    inbox = web.get("/pipes?tab=inbox&status=ignored")
    assert "Sent to court" in inbox.text or "SENT_TO_COURT" in inbox.text


def test_a_failed_event_shows_its_error_and_a_retry_puts_it_back_to_wait(api, web, db):
    event = hmpps_event(f"{HMPPS_SEARCH}.received", "NEW_ADMISSION", prison="DMI")
    api.post("/hmpps-events", json=event)
    from tests.inbox.helpers import messages, run

    run()  # no search API configured: it waits (pending), naming the missing setting
    (message,) = messages()
    assert message.status == "pending" and "RESETTLE_PRISONER_SEARCH_URL" in message.last_error
    web.sign_in("admin")
    assert "RESETTLE_PRISONER_SEARCH_URL" in web.get("/pipes?tab=inbox").text
    from sqlalchemy import update

    from resettlement.storage.db import session_scope
    from resettlement.storage.tables import InboxMessage

    with session_scope() as session:
        session.execute(update(InboxMessage).values(status="failed", last_error="boom"))
    page = web.get("/pipes?tab=inbox&status=failed")
    assert "boom" in page.text and f"/pipes/inbox/{message.seq}/retry" in page.text
    done = web.post(f"/pipes/inbox/{message.seq}/retry", {})
    assert done.status_code == 200 and "processed again" in done.text
    assert messages()[0].status == "pending"


def test_nobody_but_an_admin_sees_the_pipes(web, db):
    web.sign_in("newcastle")
    assert web.get("/pipes").status_code == 403
