"""The person's mobile number and consent to text reminders: recorded through the API and the
case page by prison staff or the CJIT (never a ROM), a number needed for consent, and the
timeline saying that it changed without saying the number."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import NOW
from tests.factories import received_case


def test_prison_staff_record_a_number_and_consent_and_anyone_on_the_case_reads_it(api, db):
    case_id = received_case(api, at=NOW - timedelta(days=5))
    body = {"mobile_number": "07700 900 123", "sms_consent": True}
    answer = api.put(f"/cases/{case_id}/contact", json=body, user="durham-hacs")
    assert answer.status_code == 200, answer.text
    assert answer.json()["mobile_number"] == "07700900123"
    read = api.get(f"/cases/{case_id}/contact", user="rom-ne").json()
    assert (read["mobile_number"], read["sms_consent"]) == ("07700900123", True)
    timeline = api.get(f"/cases/{case_id}").json()["timeline"]
    (entry,) = [e for e in timeline if e["kind"] == "contact_recorded"]
    assert "07700900123" not in str(entry)


def test_a_rom_may_not_record_it_and_another_prison_cannot_see_the_case(api, db):
    case_id = received_case(api, at=NOW - timedelta(days=5))
    body = {"mobile_number": "07700900123", "sms_consent": False}
    assert api.put(f"/cases/{case_id}/contact", json=body, user="rom-ne").status_code == 403
    assert api.get(f"/cases/{case_id}/contact", user="pentonville").status_code == 404


def test_consent_needs_a_number_and_the_number_must_be_a_uk_mobile(api, db):
    case_id = received_case(api, at=NOW - timedelta(days=5))
    consent_only = api.put(f"/cases/{case_id}/contact", json={"sms_consent": True})
    assert consent_only.status_code == 422 and "mobile_number" in consent_only.text
    landline = api.put(
        f"/cases/{case_id}/contact", json={"mobile_number": "0191 123 4567", "sms_consent": False}
    )
    assert landline.status_code == 422 and "UK mobile" in landline.text


def test_the_case_page_shows_the_contact_and_its_form_records_it(api, web, db):
    case_id = received_case(api, at=NOW - timedelta(days=5))
    web.sign_in("durham-hacs")
    page = web.get(f"/cases/{case_id}")
    assert 'id="contact"' in page.text and "Not recorded" in page.text
    web.get(f"/cases/{case_id}/contact")
    refused = web.post(f"/cases/{case_id}/contact", {"mobile_number": "12", "sms_consent": "yes"})
    assert refused.status_code == 422 and "There is a problem" in refused.text
    done = web.post(
        f"/cases/{case_id}/contact", {"mobile_number": "07700 900123", "sms_consent": "yes"}
    )
    assert done.status_code == 200 and "07700900123" in done.text and "Agreed" in done.text


def test_a_rom_sees_no_contact_form(api, web, db):
    case_id = received_case(api, at=NOW - timedelta(days=5))
    web.sign_in("rom-ne")
    assert "Record contact" not in web.get(f"/cases/{case_id}").text
    assert web.get(f"/cases/{case_id}/contact").status_code == 403
