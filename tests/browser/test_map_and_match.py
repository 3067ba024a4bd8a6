"""Map and match in headless Chromium: the case page's matches and a place requested, offered
and confirmed (housing resolved afterwards); the services page's filters; the gaps page's
charts, tables and CSV download."""

from __future__ import annotations

import csv
import io

import pytest

from tests.browser.test_journeys import sign_in
from tests.conftest import NOW
from tests.factories import FAR_AREA, add_service, give_web_passwords, received_case


@pytest.fixture
def people(api, db):
    give_web_passwords()
    return api


def test_hacs_staff_request_a_matched_place_and_confirm_it_resolving_housing(page, people):
    case_id = received_case(people, at=NOW, release_in_days=30)
    add_service(people, name="Westgate House", capacity=1)
    add_service(people, name="Women Only House", genders=["female"])
    sign_in(page, "durham-hacs")
    page.goto(f"/cases/{case_id}")
    assert "Unresolved" in page.get_by_test_id("housing").inner_text()

    matches = page.get_by_test_id("matches")
    assert "Westgate House" in matches.inner_text()
    ineligible = page.get_by_test_id("ineligible")
    ineligible.locator("summary").click()
    assert "Women Only House" in ineligible.inner_text()
    assert "gender" in ineligible.inner_text()

    row = matches.locator("tr", has_text="Westgate House")
    row.locator("summary").click()
    assert row.get_by_label("Day").input_value()  # the release date is the default start
    row.get_by_role("button", name="Request place").click()
    assert "Place requested" in page.locator(".govuk-notification-banner").inner_text()
    placements = page.get_by_test_id("placements")
    assert "Requested" in placements.inner_text()

    placements.get_by_role("button", name="Record the offer").click()
    assert "Offer recorded" in page.locator(".govuk-notification-banner").inner_text()
    page.get_by_test_id("placements").get_by_role("button", name="Confirm the place").click()
    assert "Place confirmed" in page.locator(".govuk-notification-banner").inner_text()
    assert "Confirmed" in page.get_by_test_id("placements").inner_text()
    assert "Resolved" in page.get_by_test_id("housing").inner_text()
    assert "Westgate House" in page.get_by_test_id("accommodation").inner_text() or (
        "Harbour Lane Housing" in page.get_by_test_id("accommodation").inner_text()
    )
    assert people.get(f"/cases/{case_id}").json()["housing_resolved"] is True


def test_the_services_page_filters_by_kind_and_area(page, people):
    add_service(people, name="Westgate House")
    add_service(people, name="Quayside Hostel", kind="hostel")
    add_service(people, name="Cardiff Lodge", area=FAR_AREA)
    sign_in(page, "rom-ne")
    page.get_by_role("link", name="Services").click()
    table = page.get_by_test_id("services")
    assert table.locator("tbody tr").count() == 3

    page.get_by_label("Kind").select_option("hostel")
    page.get_by_role("button", name="Apply filters").click()
    rows = page.get_by_test_id("services").locator("tbody tr")
    assert rows.count() == 1 and "Quayside Hostel" in rows.first.inner_text()

    page.get_by_label("Kind").select_option("")
    page.get_by_label("Area").select_option(FAR_AREA)
    page.get_by_role("button", name="Apply filters").click()
    rows = page.get_by_test_id("services").locator("tbody tr")
    assert rows.count() == 1 and "Cardiff Lodge" in rows.first.inner_text()
    # A ROM changes its own region's services only.
    assert rows.first.get_by_role("link", name="Change").count() == 0


def test_the_gaps_page_shows_charts_and_tables_and_the_csv_downloads(page, people):
    for _ in range(2):
        received_case(people, at=NOW, release_in_days=14)
    add_service(people, name="Westgate House", capacity=1)
    sign_in(page, "rom-ne")
    page.get_by_role("link", name="Gaps").click()
    assert page.url.endswith("/gaps")
    assert page.locator("svg[id^=chart-area-]").first.is_visible()
    assert page.locator("#chart-forecast").is_visible()
    assert page.get_by_test_id("table-areas").is_visible()
    assert page.get_by_test_id("table-forecast").is_visible()

    with page.expect_download() as download_info:
        page.get_by_test_id("csv-areas").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(download.path().read_text(encoding="utf-8"))))
    api = people.get("/gaps", user="rom-ne").json()
    by_area = {a["area"]: a for a in api["areas"]}
    assert {r["Area code"] for r in rows} == set(by_area)
    assert all(int(r["Gap"]) == by_area[r["Area code"]]["gap"] for r in rows)
    assert sum(int(r["Releasing, housing unresolved"]) for r in rows) == 2
