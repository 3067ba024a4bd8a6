"""The person's own page on a phone (Chromium, 390 px wide): their date of birth once, then
their plan in plain words; the link works once, not after it expires, and five wrong dates of
birth end it; nothing from any staff note."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from resettlement import clock
from tests.browser.conftest import TIMEOUT_MS
from tests.conftest import NOW
from tests.factories import (
    FAR_AREA,
    FAR_PRISON,
    STAFF_WORDS,
    link_path,
    person_link,
    planned_case,
)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(chromium: Any, server_url: str) -> Iterator[Any]:
    context = chromium.new_context(base_url=server_url, viewport=PHONE, is_mobile=True)
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def _case(api: Any, **kw: Any) -> str:
    return planned_case(api, at=NOW, **kw)


def _enter(page: Any, day: str, month: str, year: str) -> None:
    page.get_by_label("Day").fill(day)
    page.get_by_label("Month").fill(month)
    page.get_by_label("Year").fill(year)
    page.get_by_role("button", name="Continue").click()


def _fits_the_phone(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_the_person_reads_their_plan_once_on_a_phone_with_no_staff_notes(api, db, phone):
    path = link_path(person_link(api, _case(api))["url"])
    phone.goto(path)
    assert phone.get_by_role("heading", name="Enter your date of birth").is_visible()
    assert _fits_the_phone(phone)
    _enter(phone, "14", "3", "1988")
    phone.get_by_role("heading", name="Hello Aled").wait_for()
    text = phone.locator("main").inner_text()
    assert "12 Westgate Road" in text and "Probation induction" in text
    assert "Your birth certificate" in text and "Getting your birth certificate" in text
    assert not any(words in phone.content() for words in STAFF_WORDS)
    assert _fits_the_phone(phone)
    phone.goto(path)
    assert phone.get_by_test_id("gone").inner_text() == "This link no longer works"


def test_five_wrong_dates_of_birth_end_the_link_on_a_phone(api, db, phone):
    path = link_path(person_link(api, _case(api))["url"])
    phone.goto(path)
    for attempt in range(4):
        _enter(phone, "1", "1", "1990")
        summary = phone.locator(".govuk-error-summary")
        assert f"Tries left: {4 - attempt}" in summary.inner_text()
    _enter(phone, "1", "1", "1990")
    assert phone.get_by_test_id("gone").is_visible()
    phone.goto(path)
    assert phone.get_by_test_id("gone").is_visible()


def test_an_expired_link_on_a_phone_says_so(api, db, phone):
    path = link_path(person_link(api, _case(api))["url"])
    with clock.frozen_at(NOW + timedelta(days=15)):
        phone.goto(path)
        assert phone.get_by_test_id("gone").is_visible()
        assert _fits_the_phone(phone)


def test_a_person_going_home_to_wales_reads_their_plan_in_welsh(api, db, phone):
    path = link_path(person_link(api, _case(api, prison=FAR_PRISON, area=FAR_AREA))["url"])
    phone.goto(path)
    phone.get_by_role("link", name="Cymraeg").click()
    assert phone.get_by_role("heading", name="Rhowch eich dyddiad geni").is_visible()
    phone.get_by_label("Diwrnod").fill("14")
    phone.get_by_label("Mis").fill("3")
    phone.get_by_label("Blwyddyn").fill("1988")
    phone.get_by_role("button", name="Parhau").click()
    phone.get_by_role("heading", name="Helo Aled").wait_for()
    assert phone.locator("html").get_attribute("lang") == "cy"
    assert "Eich apwyntiadau cyntaf" in phone.locator("main").inner_text()
    assert _fits_the_phone(phone)
