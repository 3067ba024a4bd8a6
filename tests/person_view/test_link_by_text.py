"""The person's link texted through GOV.UK Notify (the loopback stand-in checks the client's JWT
and counts what it is sent): only with consent to texts, exactly once however often the outbox
runs, never after the link is used, and its URL kept nowhere once the text is decided."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from resettlement.clock import LONDON
from resettlement.storage.tables import Notification, PersonLink
from resettlement.vocabulary import NotificationKind
from tests.conftest import NOW
from tests.factories import DATE_OF_BIRTH, link_path, planned_case
from tests.notifications.helpers import notify_policy, outbox, send

MOBILE = "07700 900123"
STORED = "07700900123"  # as the contact record keeps it
K = NotificationKind


def _texted_link(api) -> tuple[str, dict]:
    case_id = planned_case(api, at=NOW)
    contact = {"mobile_number": MOBILE, "sms_consent": True}
    assert api.put(f"/cases/{case_id}/contact", json=contact).status_code == 200
    answer = api.post(f"/cases/{case_id}/person-link", json={"send_by": "sms"})
    assert answer.status_code == 201, answer.text
    return case_id, answer.json()


def _link(db) -> PersonLink:
    with Session(db.engine) as session:
        (link,) = session.exec(select(PersonLink))
        return link


def test_the_link_is_texted_once_to_the_consenting_number(api, db, notify_configured):
    case_id, made = _texted_link(api)
    assert made["send_by"] == "sms"
    (waiting,) = outbox(K.person_link)
    assert (waiting.status, waiting.recipient, waiting.case_id) == ("pending", STORED, case_id)
    policy = notify_policy(notify_configured)
    for _ in range(3):
        send(policy)
    (sent,) = notify_configured.sent
    assert (sent.kind, sent.recipient) == ("sms", STORED)
    expires = datetime.fromisoformat(made["expires_at"]).astimezone(LONDON)
    assert sent.personalisation == {
        "link": made["url"],
        "link_expires": f"{expires:%A} {expires.day} {expires:%B} at {expires:%H:%M}",
    }
    assert [m.status for m in outbox(K.person_link)] == ["sent"]
    assert _link(db).text_url is None  # the secret is kept nowhere once the text has gone


def test_a_link_used_before_its_text_goes_is_not_texted(api, web, db, notify_configured):
    _case_id, made = _texted_link(api)
    path = link_path(made["url"])
    assert web.get(path).status_code == 200  # the page first (its form carries the CSRF token)
    assert web.post(path, DATE_OF_BIRTH).status_code == 200
    assert _link(db).text_url is None
    send(notify_policy(notify_configured))
    assert [m.status for m in outbox(K.person_link)] == ["cancelled"]
    assert notify_configured.sent == []


def test_a_newer_link_cancels_the_text_of_the_older(api, db, notify_configured):
    case_id, first = _texted_link(api)
    second = api.post(f"/cases/{case_id}/person-link", json={"send_by": "sms"}).json()
    send(notify_policy(notify_configured))
    with Session(db.engine) as session:
        statuses = {n.status for n in session.exec(select(Notification))}
    assert statuses == {"cancelled", "sent"}
    (sent,) = notify_configured.sent
    assert sent.personalisation["link"] == second["url"] != first["url"]
