"""POST /hmpps-events and the inbox through the real HTTP server: 202 with what became of the
message, the same message again a duplicate, court movements ignored with the reason, who may
post and read; the reference data's mailboxes; the pipes counted on /healthz."""

from __future__ import annotations

import requests

from tests.factories import HMPPS_SEARCH, hmpps_event, sns_envelope
from tests.inbox.helpers import cases_of, run
from tests.standins.hmpps import prisoner_record

NUMBER = "A1234BC"
ADMITTED = sns_envelope(hmpps_event(f"{HMPPS_SEARCH}.received", "NEW_ADMISSION", prison="DMI"))


def test_an_sns_message_is_accepted_then_a_duplicate_naming_its_case(api, hmpps_configured):
    hmpps_configured.add(prisoner_record(NUMBER, prisonId="DMI"))
    first = api.post("/hmpps-events", json=ADMITTED)
    assert first.status_code == 202, first.text
    assert first.json() | {"inbox_id": None} == {
        "status": "accepted",
        "case_id": None,
        "reason": None,
        "inbox_id": None,
    }
    run()
    (case,) = cases_of(NUMBER)
    again = api.post("/hmpps-events", json=ADMITTED)
    assert (again.status_code, again.json()["status"]) == (202, "duplicate")
    assert again.json()["case_id"] == case.id
    listed = api.get("/hmpps-events").json()
    assert listed["total"] == 1 and listed["items"][0]["status"] == "processed"
    assert "payload" not in listed["items"][0]


def test_a_court_movement_answers_ignored_with_its_reason(api, db):
    court = hmpps_event(f"{HMPPS_SEARCH}.released", "SENT_TO_COURT", prison="DMI")
    answer = api.post("/hmpps-events", json=court)
    assert answer.status_code == 202
    assert answer.json()["status"] == "ignored" and "court" in answer.json()["reason"]


def test_a_malformed_message_is_422_naming_the_field_and_not_stored(api, db):
    bad = dict(ADMITTED, Message="{not json")
    answer = api.post("/hmpps-events", json=bad)
    assert answer.status_code == 422 and "Message" in answer.text
    assert api.get("/hmpps-events").json()["total"] == 0


def test_only_the_feed_may_post_and_only_admins_read_the_inbox(api, db):
    for user in ("newcastle", "rom-ne", "durham"):
        assert api.post("/hmpps-events", json=ADMITTED, user=user).status_code == 403
        assert api.get("/hmpps-events", user=user).status_code == 403
        assert api.get("/notifications", user=user).status_code == 403
    assert api.post("/hmpps-events", json=ADMITTED, user=None).status_code == 401


def test_a_failed_message_can_be_retried_and_a_processed_one_cannot(api, hmpps_configured):
    api.post("/hmpps-events", json=ADMITTED)
    run()  # the search API does not know the person yet
    (item,) = api.get("/hmpps-events?status=failed").json()["items"]
    hmpps_configured.add(prisoner_record(NUMBER, prisonId="DMI"))
    assert api.post(f"/hmpps-events/{item['seq']}/retry").status_code == 202
    run()
    assert len(cases_of(NUMBER)) == 1
    assert api.post(f"/hmpps-events/{item['seq']}/retry").status_code == 409
    assert api.post("/hmpps-events/999999/retry").status_code == 404


def test_the_reference_data_gives_each_mailbox(api, db):
    ref = api.get("/reference", user="newcastle").json()
    ne = next(r for r in ref["regions"] if r["code"] == "NE")
    newcastle = next(a for a in ref["areas"] if a["code"] == "E08000021")
    durham = next(p for p in ref["prisons"] if p["code"] == "DMI")
    assert ne["rom_email"] == "rom.ne@resettlement.example"
    assert newcastle["cjit_email"] == "cjit.e08000021@resettlement.example"
    assert newcastle["duty_to_refer_email"] == "dtr.e08000021@council.example"
    assert durham["hacs_email"] == "hacs.dmi@resettlement.example"


def test_healthz_counts_what_waits_and_what_failed_in_each_pipe(api, server_url, db):
    api.post("/hmpps-events", json=ADMITTED)
    health = requests.get(f"{server_url}/healthz", timeout=10).json()
    assert health["status"] == "ok"
    assert health["pipes"]["inbox"] == {"waiting": 1, "failed": 0}
    assert set(health["pipes"]) == {"inbox", "notifications", "handovers"}


def test_notifications_are_listed_for_the_admin_by_kind_status_and_case(api, db):
    from datetime import timedelta

    from resettlement.daily import run_sweeps
    from resettlement.policy import get_policy
    from tests.conftest import NOW
    from tests.factories import released

    case_id, _ = released(received_at=NOW - timedelta(days=60), released_at=NOW)
    run_sweeps(NOW.date(), get_policy())
    page = api.get(f"/notifications?kind=handover_sent&case_id={case_id}").json()
    (item,) = page["items"]
    assert (item["status"], item["channel"], item["attempts"]) == ("pending", "email", 0)
    assert item["recipient"] == "cjit.e08000021@resettlement.example"
    assert api.get("/notifications?status=sent").json()["total"] == 0
    assert api.get("/notifications?kind=nonsense").status_code == 422
