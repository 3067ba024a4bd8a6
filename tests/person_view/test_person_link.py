"""The person's own plan through HTTP: the link made by the right staff, shown once (only its
hash kept), one sign-in with the date of birth, expiry, the five-attempt end, every use audited,
the plan in plain words with no staff notes and no CARAT words, in Welsh for Wales."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select

from resettlement import clock
from resettlement.storage.tables import AuditEntry, Notification, PersonLink
from tests.conftest import NOW
from tests.factories import (
    DATE_OF_BIRTH,
    FAR_AREA,
    FAR_PRISON,
    STAFF_WORDS,
    carat_body,
    link_path,
    person_link,
    planned_case,
    release_event,
)

WRONG = {"dob-day": "1", "dob-month": "1", "dob-year": "1990"}


def _planned_case(api, **kw) -> str:
    return planned_case(api, at=NOW, **kw)


def _audit(db, case_id: str) -> list[str]:
    with Session(db.engine) as session:
        rows = session.exec(
            select(AuditEntry)
            .where(col(AuditEntry.case_id) == case_id)
            .order_by(col(AuditEntry.id))
        )
        return [r.action for r in rows if r.via in ("person", "api", "web")]


def test_prison_staff_make_a_link_and_only_its_hash_is_stored(api, db):
    case_id = _planned_case(api)
    link = person_link(api, case_id, user="durham-probation")
    secret = link["url"].rsplit("/p/", 1)[1]
    assert link["expires_at"].startswith((NOW + timedelta(days=14)).date().isoformat())
    with Session(db.engine) as session:
        rows = list(session.exec(select(PersonLink)))
    assert len(rows) == 1 and secret not in str(rows[0].model_dump())
    assert "person_link" in _audit(db, case_id)


def test_a_cjit_worker_makes_a_link_only_once_the_person_is_released_and_a_rom_never(api, db):
    case_id = _planned_case(api)
    assert api.post(f"/cases/{case_id}/person-link", user="newcastle").status_code == 403
    assert api.post(f"/cases/{case_id}/person-link", user="rom-ne").status_code == 403
    assert api.post(f"/cases/{case_id}/person-link", user="cardiff").status_code == 404
    number = api.get(f"/cases/{case_id}").json()["prison_number"]
    assert api.post("/events", json=release_event(number, at=NOW)).status_code == 201
    assert api.post(f"/cases/{case_id}/person-link", user="newcastle").status_code == 201


def test_texting_the_link_without_consent_to_texts_is_refused_and_writes_nothing(api, db):
    case_id = _planned_case(api)
    answer = api.post(f"/cases/{case_id}/person-link", json={"send_by": "sms"})
    assert answer.status_code == 422 and "send_by" in answer.text
    number_only = {"mobile_number": "07700 900123", "sms_consent": False}
    assert api.put(f"/cases/{case_id}/contact", json=number_only).status_code == 200
    answer = api.post(f"/cases/{case_id}/person-link", json={"send_by": "sms"})
    assert answer.status_code == 422 and "agreed to texts" in answer.text
    with Session(db.engine) as session:
        assert list(session.exec(select(PersonLink))) == []
        assert list(session.exec(select(Notification))) == []


def test_the_right_date_of_birth_shows_the_plan_once_and_the_link_then_stops(api, web, db):
    case_id = _planned_case(api)
    path = link_path(person_link(api, case_id)["url"])
    assert "Enter your date of birth" in web.get(path).text
    plan = web.post(path, DATE_OF_BIRTH)
    assert plan.status_code == 200 and plan.url.endswith("/your-plan?lang=en")
    text = plan.text
    assert "12 Westgate Road" in text and "Probation induction" in text and "Hope Centre" in text
    assert "Your birth certificate" in text and "Registering with a doctor (GP)" in text
    assert web.get("/your-plan").status_code == 200  # the session lasts a while
    assert web.get(path).status_code == 410
    other = type(web)(web.base)
    assert other.get(path).status_code == 410
    other.get("/sign-in")  # a CSRF token for this browser
    assert other.post(path, DATE_OF_BIRTH).status_code == 410
    assert other.get("/your-plan").status_code == 410
    assert _audit(db, case_id)[-4:] == [
        "person_signed_in",
        "person_plan_read",
        "person_plan_read",
        "person_link_refused_used",
    ]


def test_the_plan_shows_no_staff_note_nor_carats_words(api, web, db):
    case_id = _planned_case(api)
    path = link_path(person_link(api, case_id)["url"])
    web.get(path)
    text = web.post(path, DATE_OF_BIRTH).text
    for secret in STAFF_WORDS:
        assert secret not in text, secret
    assert "Drug and alcohol treatment" in text  # the appointment, in the page's own words


def test_five_wrong_dates_of_birth_end_the_link_even_for_the_right_one_after(api, web, db):
    case_id = _planned_case(api)
    path = link_path(person_link(api, case_id)["url"])
    web.get(path)
    tries = [web.post(path, WRONG) for _ in range(5)]
    assert [t.status_code for t in tries] == [422, 422, 422, 422, 410]
    assert "Tries left: 1" in tries[3].text
    assert web.post(path, DATE_OF_BIRTH).status_code == 410
    actions = _audit(db, case_id)
    assert actions.count("person_wrong_date_of_birth") == 5 and "person_link_ended" in actions


def test_a_link_does_not_work_after_it_expires(api, web, db):
    case_id = _planned_case(api)
    path = link_path(person_link(api, case_id)["url"])
    web.get(path)
    with clock.frozen_at(NOW + timedelta(days=14, seconds=1)):
        assert web.get(path).status_code == 410
        assert web.post(path, DATE_OF_BIRTH).status_code == 410


def test_a_new_link_stops_the_earlier_one(api, web, db):
    case_id = _planned_case(api)
    first = link_path(person_link(api, case_id)["url"])
    second = link_path(person_link(api, case_id)["url"])
    assert web.get(first).status_code == 410
    assert web.get(second).status_code == 200


def test_a_date_of_birth_left_blank_or_impossible_is_named_and_costs_no_attempt(api, web, db):
    case_id = _planned_case(api)
    path = link_path(person_link(api, case_id)["url"])
    web.get(path)
    blank = web.post(path, {"dob-day": "", "dob-month": "", "dob-year": ""})
    assert blank.status_code == 422 and "Enter your date of birth" in blank.text
    silly = web.post(path, {"dob-day": "31", "dob-month": "2", "dob-year": "1990"})
    assert "must be a real date" in silly.text
    with Session(db.engine) as session:
        assert session.exec(select(PersonLink)).one().wrong_dates_of_birth == 0


def test_a_person_returning_to_wales_is_offered_the_page_in_welsh(api, web, db):
    case_id = _planned_case(api, prison=FAR_PRISON, area=FAR_AREA)
    path = link_path(person_link(api, case_id)["url"])
    page = web.get(path).text
    assert 'hreflang="cy"' in page and "Cymraeg" in page
    welsh = web.get(path + "?lang=cy").text
    assert 'lang="cy"' in welsh and "Rhowch eich dyddiad geni" in welsh
    plan = web.post(path, {**DATE_OF_BIRTH, "lang": "cy"}).text
    assert "Ble byddwch chi&#39;n cysgu ar eich noson gyntaf" in plan
    assert "Eich tystysgrif geni" in plan and "Shelter Cymru" in plan


def test_a_person_returning_to_england_is_not_offered_welsh(api, web, db):
    case_id = _planned_case(api)
    assert "Cymraeg" not in web.get(link_path(person_link(api, case_id)["url"])).text


def test_a_link_shows_no_more_than_its_maker_may_see(api, web, db):
    """The CJIT knows the date of birth: its link for a person who did not consent to share
    shows no drugs or health need and no treatment appointment; the prison's link does."""
    case_id = _planned_case(api)
    api.post(f"/cases/{case_id}/carat-assessment", json=carat_body(consent_share_cjit=False))
    number = api.get(f"/cases/{case_id}").json()["prison_number"]
    assert api.post("/events", json=release_event(number, at=NOW)).status_code == 201
    seen = {}
    for maker in ("newcastle", "durham-carat"):
        path = link_path(person_link(api, case_id, user=maker)["url"])
        browser = type(web)(web.base)
        browser.get(path)
        seen[maker] = browser.post(path, DATE_OF_BIRTH).text
    assert "Registering with a doctor" not in seen["newcastle"]
    assert "Hope Centre" not in seen["newcastle"] and "Pilgrim St" in seen["newcastle"]
    assert (
        "Registering with a doctor" in seen["durham-carat"]
        and "Hope Centre" in seen["durham-carat"]
    )
