"""One journey per role through the pages, in headless Chromium: prison staff, CJIT worker, ROM."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from tests.conftest import NOW
from tests.factories import (
    FAR_AREA,
    FAR_PRISON,
    WEB_PASSWORD,
    follow_up,
    give_web_passwords,
    received_case,
)


@pytest.fixture
def people(api, db):
    give_web_passwords()
    return api


def sign_in(page, username: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(WEB_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_test_id("signed-in-user").wait_for()


def test_prison_staff_filter_the_caseload_and_record_a_hacs_assessment(page, people):
    soon = received_case(people, at=NOW, release_in_days=25)
    received_case(people, at=NOW, release_in_days=150)
    sign_in(page, "durham-hacs")
    assert page.url.endswith("/today")
    page.get_by_role("link", name="Caseload").click()

    page.get_by_label("Releasing within (weeks)").fill("6")
    page.get_by_label("Housing").select_option("unresolved")
    page.get_by_role("button", name="Apply filters").click()
    rows = page.get_by_test_id("caseload").locator("tbody tr")
    assert rows.count() == 1
    rows.first.get_by_role("link").click()
    assert page.url.endswith(f"/cases/{soon}")

    page.get_by_role("link", name="Record HACS assessment").click()
    page.get_by_label("Notes (optional)").fill("Sofa surfing at his sister's before remand")
    page.get_by_role("button", name="Record assessment").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Select the housing status at reception" in summary.inner_text()
    assert page.get_by_label("Notes (optional)").input_value().startswith("Sofa surfing")
    summary.get_by_role("link", name="Select the housing status at reception").click()

    page.get_by_label("No fixed abode").check()
    page.locator("#has_tenancy-2").check()
    page.locator("#threatened_with_homelessness").check()
    page.locator("#duty_to_refer_consent").check()
    page.get_by_role("button", name="Record assessment").click()
    banner = page.locator(".govuk-notification-banner--success")
    assert "HACS assessment recorded" in banner.inner_text()
    assert page.get_by_test_id("case-stage").inner_text() == "Assessed"

    page.get_by_role("link", name="Tasks", exact=True).click()
    tasks = page.get_by_test_id("tasks")
    assert "Refer to the local housing authority" in tasks.inner_text()
    assert people.get(f"/cases/{soon}").json()["stage"] == "assessed"


def test_a_cjit_worker_accepts_a_handover_records_a_check_and_cannot_see_other_areas(page, people):
    ours = received_case(people, at=NOW - timedelta(days=30))
    theirs = received_case(people, at=NOW, prison=FAR_PRISON, area=FAR_AREA)
    number = people.get(f"/cases/{ours}").json()["prison_number"]
    release = follow_up("release", number=number, at=NOW - timedelta(days=2))
    assert people.post("/events", json=release).status_code == 201
    sign_in(page, "newcastle")

    assert page.url.endswith("/today")
    page.get_by_role("link", name="Handovers", exact=True).click()
    page.get_by_role("link", name="Review and accept").first.click()
    page.get_by_label("Worker allocated").fill("Priya Shah")
    tomorrow = (NOW + timedelta(days=1)).date()
    page.get_by_label("Day").fill(str(tomorrow.day))
    page.get_by_label("Month").fill(str(tomorrow.month))
    page.get_by_label("Year").fill(str(tomorrow.year))
    page.get_by_label("Time of the first appointment").fill("11:00")
    page.get_by_role("button", name="Accept handover").click()
    assert "Handover accepted" in page.locator(".govuk-notification-banner").inner_text()
    assert page.url.endswith(f"/cases/{ours}")

    page.get_by_role("link", name="Record outcome of the day 1 check").click()
    page.get_by_label("Sustained").check()
    page.get_by_role("button", name="Record check").click()
    assert "Day 1 check recorded" in page.locator(".govuk-notification-banner").inner_text()
    checks = people.get(f"/cases/{ours}/tenancy-checks", user="newcastle").json()["items"]
    assert [c["outcome"] for c in checks if c["day_offset"] == 1] == ["sustained"]

    response = page.goto(f"/cases/{theirs}")
    assert response is not None and response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()


def test_a_rom_reads_the_pipeline_and_downloads_a_csv_equal_to_the_api(page, people):
    received_case(people, at=NOW, release_in_days=12)
    received_case(people, at=NOW - timedelta(days=10), release_in_days=40)
    sign_in(page, "rom-ne")

    assert page.url.endswith("/today")
    page.get_by_role("link", name="Pipeline", exact=True).click()
    assert page.locator("#chart-releasing-unresolved").is_visible()
    assert page.get_by_test_id("table-releasing-unresolved").is_visible()
    with page.expect_download() as download_info:
        page.get_by_test_id("csv-releasing-unresolved").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    text = download.path().read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    api = people.get("/pipeline", user="rom-ne").json()
    assert [
        {"week_start": r["Week starting"], "count": int(r["Releases with housing unresolved"])}
        for r in rows
    ] == api["releasing_unresolved"]
    assert sum(w["count"] for w in api["releasing_unresolved"]) == 2
    assert page.get_by_test_id("overdue-total").inner_text() == str(api["overdue_tasks"])
