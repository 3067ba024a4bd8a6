"""Subject access: everything held about a person, as JSON and a printable page, for admins
only, and itself audited."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select

from resettlement.storage.tables import AuditEntry
from tests.conftest import NOW
from tests.factories import carat_body, hacs_body, received_case, release_event


def test_the_export_holds_every_case_its_records_consents_events_and_readers(api, db):
    first = received_case(api, at=NOW - timedelta(days=400), release_in_days=100)
    number = api.get(f"/cases/{first}").json()["prison_number"]
    api.post("/events", json=release_event(number, at=NOW - timedelta(days=300)))
    second = received_case(api, at=NOW - timedelta(days=10), prison_number_=number)
    body = carat_body(notes="Wants a script", consent_method="written")
    assert api.post(f"/cases/{second}/carat-assessment", json=body, user="durham-carat").ok
    api.get(f"/cases/{second}", user="rom-ne")
    contact = {"mobile_number": "07700 900123", "sms_consent": True}
    assert api.put(f"/cases/{second}/contact", json=contact).ok
    export = api.get(f"/people/{number}/export").json()
    assert export["prison_number"] == number
    assert [c["id"] for c in export["cases"]] == [first, second]
    case = export["cases"][1]
    assert case["assessments"][0]["data"]["notes"] == "Wants a script"
    [consent] = case["consents"]
    assert consent["method"] == "written" and consent["obtained_at"]
    assert case["prison_events"][0]["payload"]["person"]["family_name"] == "Morgan"
    assert ("rom-ne", "read") in {(r["user"], r["action"]) for r in case["read_by"]}
    assert export["cases"][0]["handovers"]
    assert case["contact"]["mobile_number"] == "07700900123" and case["contact"]["sms_consent"]
    assert export["cases"][0]["contact"] is None and "hmpps_events" in export


def test_the_export_is_audited_once_per_case_and_refused_to_all_but_admins(api, db):
    case_id = received_case(api, at=NOW)
    number = api.get(f"/cases/{case_id}").json()["prison_number"]
    for user in ("durham", "durham-hacs", "newcastle", "rom-ne", "feed"):
        assert api.get(f"/people/{number}/export", user=user).status_code == 403, user
    assert api.get("/people/Z9999ZZ/export").status_code == 404
    assert api.get(f"/people/{number}/export").status_code == 200
    with Session(db.engine) as session:
        rows = session.exec(select(AuditEntry).where(col(AuditEntry.kind) == "export")).all()
    assert [(r.username, r.case_id, r.action) for r in rows] == [("admin", case_id, "export")]


def test_the_printable_export_page_shows_the_same_for_an_admin(api, web, db):
    case_id = received_case(api, at=NOW)
    api.post(f"/cases/{case_id}/hacs-assessment", json=hacs_body(notes="Sofa surfing"))
    number = api.get(f"/cases/{case_id}").json()["prison_number"]
    web.sign_in("admin")
    page = web.get(f"/people/{number}/export")
    assert page.status_code == 200 and "Sofa surfing" in page.text and number in page.text
    web.sign_in("durham")
    assert web.get(f"/people/{number}/export").status_code == 403


def test_the_export_holds_the_needs_of_every_episode_and_the_links_made_never_their_secrets(
    api, db
):
    from tests.factories import add_need, follow_up, person_link

    case_id = received_case(api, at=NOW - timedelta(days=100), release_in_days=30)
    number = api.get(f"/cases/{case_id}").json()["prison_number"]
    add_need(api, case_id)
    assert api.post("/events", json=release_event(number, at=NOW - timedelta(days=60))).ok
    recall = follow_up("recall", number=number, at=NOW - timedelta(days=5))
    assert api.post("/events", json=recall).ok
    add_need(api, case_id, pathway="health", need="gp_registration", owner="probation")
    url = person_link(api, case_id)["url"]
    [case] = api.get(f"/people/{number}/export").json()["cases"]
    assert [n["need"] for n in case["needs"]] == ["gp_registration"]  # this episode's
    assert [(n["episode"], n["need"]) for n in case["needs_every_episode"]] == [
        (1, "bank_account"),
        (2, "gp_registration"),
    ]
    [link] = case["person_links"]
    assert link["created_by"] == "admin" and "secret_hash" not in link
    assert url.rsplit("/", 1)[1] not in str(case)
