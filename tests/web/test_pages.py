"""The web pages call the same services as the API: filters, forms with GOV.UK error summaries
(nothing half-saved), the CJIT's consent-filtered view, and pipeline CSVs equal to GET /pipeline."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from sqlalchemy import func, select
from sqlmodel import Session

from resettlement.storage.tables import Assessment
from tests.conftest import NOW
from tests.factories import (
    carat_body,
    follow_up,
    received_case,
)


def _assessments(db) -> int:
    with Session(db.engine) as session:
        return int(session.execute(select(func.count()).select_from(Assessment)).scalar_one())


def _released(api, case_id: str, *, days_ago: int) -> None:
    number = api.get(f"/cases/{case_id}").json()["prison_number"]
    event = follow_up("release", number=number, at=NOW - timedelta(days=days_ago))
    assert api.post("/events", json=event).status_code == 201


def test_the_caseload_filters_by_release_window_housing_stage_and_overdue(api, web, db):
    soon = received_case(api, at=NOW - timedelta(days=10), release_in_days=30)
    later = received_case(api, at=NOW, release_in_days=200)
    web.sign_in("durham")

    def listed(query: str) -> set[str]:
        page = web.get(f"/cases?{query}")
        assert page.status_code == 200
        return {c for c in (soon, later) if f'data-case-id="{c}"' in page.text}

    assert listed("weeks=4") == {soon}
    assert listed("housing=unresolved") == {soon, later}
    assert listed("stage=received") == {soon, later}
    assert listed("stage=released") == set()
    assert listed("overdue=yes") == {soon}  # its reception tasks fell due days ago


def test_the_caseload_hides_closed_and_withdrawn_cases_unless_asked(api, web, db):
    active = received_case(api, at=NOW)
    gone = received_case(api, at=NOW)
    number = api.get(f"/cases/{gone}").json()["prison_number"]
    assert (
        api.post("/events", json=follow_up("withdrawn", number=number, at=NOW)).status_code == 201
    )
    web.sign_in("durham")
    assert f'data-case-id="{gone}"' not in web.get("/cases").text
    assert f'data-case-id="{active}"' in web.get("/cases").text
    assert f'data-case-id="{gone}"' in web.get("/cases?ended=yes").text
    assert f'data-case-id="{gone}"' in web.get("/cases?stage=withdrawn").text


def test_the_caseload_sorts_by_release_date_either_way(api, web, db):
    first = received_case(api, at=NOW, release_in_days=20)
    last = received_case(api, at=NOW, release_in_days=90)
    web.sign_in("durham")
    ascending = web.get("/cases").text
    descending = web.get("/cases?sort=-release").text
    assert ascending.index(first) < ascending.index(last)
    assert descending.index(last) < descending.index(first)


def test_a_nonsense_filter_is_named_in_an_error_summary(api, web, db):
    web.sign_in("durham")
    page = web.get("/cases?weeks=lots&stage=flying")
    assert page.status_code == 200 and "There is a problem" in page.text
    assert 'href="#weeks"' in page.text and 'href="#stage"' in page.text


def test_the_case_page_shows_what_the_api_shows(api, web, db):
    case_id = received_case(api, at=NOW, release_in_days=45)
    detail = api.get(f"/cases/{case_id}").json()
    web.sign_in("durham")
    page = web.get(f"/cases/{case_id}").text
    assert detail["name"] in page and detail["prison_number"] in page
    assert "in 45 days" in page and "Received" in page
    for task in detail["tasks"]:
        assert task["title"] in page


def test_a_hacs_form_with_errors_shows_the_summary_keeps_input_and_saves_nothing(api, web, db):
    case_id = received_case(api, at=NOW)
    web.sign_in("durham-hacs")
    web.get(f"/cases/{case_id}/hacs-assessment")
    page = web.post(
        f"/cases/{case_id}/hacs-assessment",
        {"has_tenancy": "yes", "tenancy.rent_weekly": "lots", "notes": "Sofa surfing before"},
    )
    assert page.status_code == 422 and "There is a problem" in page.text
    assert 'href="#housing_status"' in page.text and "Select the housing status" in page.text
    assert 'href="#tenancy-rent_weekly"' in page.text
    assert "Sofa surfing before" in page.text  # the input is kept
    assert 'class="govuk-error-message"' in page.text
    assert _assessments(db) == 0


def test_a_valid_hacs_form_records_the_assessment_as_the_api_would(api, web, db):
    case_id = received_case(api, at=NOW)
    web.sign_in("durham-hacs")
    web.get(f"/cases/{case_id}/hacs-assessment")
    page = web.post(
        f"/cases/{case_id}/hacs-assessment",
        {
            "housing_status": "nfa",
            "has_tenancy": "no",
            "threatened_with_homelessness": "yes",
            "duty_to_refer_consent": "yes",
        },
    )
    assert page.status_code == 200 and page.url.endswith(f"/cases/{case_id}")
    assert "HACS assessment recorded" in page.text
    detail = api.get(f"/cases/{case_id}").json()
    assert detail["stage"] == "assessed"
    [hacs] = [a for a in detail["assessments"] if a["kind"] == "hacs"]
    assert hacs["recorded_by"] == "durham-hacs" and hacs["data"]["threatened_with_homelessness"]
    assert any(t["kind"] == "duty_to_refer" for t in detail["tasks"])


def test_a_refusal_by_the_service_is_shown_on_the_form(api, web, db):
    case_id = received_case(api, at=NOW - timedelta(days=5))
    _released(api, case_id, days_ago=1)
    web.sign_in("durham-carat")
    web.get(f"/cases/{case_id}/carat-assessment")
    page = web.post(
        f"/cases/{case_id}/carat-assessment", {"drug_need": "no", "consent_share_cjit": "no"}
    )
    assert page.status_code == 422 and "not in custody" in page.text
    assert _assessments(db) == 0


def test_accommodation_confirmed_by_release_day_resolves_housing(api, web, db):
    case_id = received_case(api, at=NOW, release_in_days=30)
    start = (NOW + timedelta(days=30)).date()
    web.sign_in("durham-hacs")
    web.get(f"/cases/{case_id}/accommodation")
    page = web.post(
        f"/cases/{case_id}/accommodation",
        {
            "housing_status": "supported_housing",
            "address": "12 Westgate Road, Newcastle upon Tyne",
            "provider": "Changing Lives",
            "start_date-day": str(start.day),
            "start_date-month": str(start.month),
            "start_date-year": str(start.year),
            "confirmed": "yes",
        },
    )
    assert "Housing is resolved" in page.text
    assert api.get(f"/cases/{case_id}").json()["housing_resolved"] is True


def test_a_plan_section_and_a_signature_are_written_through_the_plan_service(api, web, db):
    case_id = received_case(api, at=NOW)
    web.sign_in("durham-hacs")
    web.get(f"/cases/{case_id}/release-plan")
    written = web.post(
        f"/cases/{case_id}/release-plan/sections/hacs",
        {"hacs.summary": "Supported housing from the day of release"},
    )
    assert "section saved" in written.text
    signed = web.post(f"/cases/{case_id}/release-plan/sign", {"party": "hacs"})
    assert "Signed for HACS" in signed.text
    plan = api.get(f"/cases/{case_id}/release-plan").json()
    assert plan["sections"]["hacs"]["summary"] == "Supported housing from the day of release"
    assert "hacs" not in plan["unsigned"]


def test_a_cjit_worker_accepts_a_handover_and_records_a_tenancy_check(api, web, db):
    case_id = received_case(api, at=NOW - timedelta(days=20))
    _released(api, case_id, days_ago=3)
    handover = api.get("/handovers", user="newcastle").json()["items"][0]
    web.sign_in("newcastle")
    inbox = web.get("/handovers").text
    assert handover["id"] in inbox
    web.get(f"/handovers/{handover['id']}/accept")
    day = (NOW + timedelta(days=1)).date()
    accepted = web.post(
        f"/handovers/{handover['id']}/accept",
        {
            "worker": "Sam Okafor",
            "first_appointment-day": str(day.day),
            "first_appointment-month": str(day.month),
            "first_appointment-year": str(day.year),
            "time": "10:30",
        },
    )
    assert "Handover accepted" in accepted.text
    assert (
        api.get(f"/handovers/{handover['id']}", user="newcastle").json()["worker"] == "Sam Okafor"
    )
    check = next(
        c
        for c in api.get(f"/cases/{case_id}/tenancy-checks", user="newcastle").json()["items"]
        if c["day_offset"] == 1
    )
    web.get(f"/cases/{case_id}/tenancy-checks/{check['id']}")
    recorded = web.post(
        f"/cases/{case_id}/tenancy-checks/{check['id']}", {"outcome": "at_risk", "notes": "Rent"}
    )
    assert "check recorded" in recorded.text and "tenancy at risk" in recorded.text


def test_a_cjit_worker_sees_no_drug_treatment_detail_without_consent(api, web, db):
    case_id = received_case(api, at=NOW)
    body = carat_body(consent_share_cjit=False, notes="Daily heroin use, wants a script")
    assert api.post(f"/cases/{case_id}/carat-assessment", json=body, user="durham-carat").ok
    web.sign_in("newcastle")
    page = web.get(f"/cases/{case_id}").text
    assert "heroin" not in page.lower() and "In treatment" not in page
    web.sign_in("durham")
    assert "heroin" in web.get(f"/cases/{case_id}").text


def test_every_pipeline_csv_equals_the_api_numbers(api, web, db):
    received_case(api, at=NOW, release_in_days=10)
    received_case(api, at=NOW, release_in_days=24)
    body = api.get("/pipeline", user="rom-ne").json()
    web.sign_in("rom-ne")

    def rows(name: str) -> list[list[str]]:
        response = web.get(f"/pipeline/{name}.csv")
        assert response.headers["content-type"].startswith("text/csv")
        assert response.headers["content-disposition"].startswith("attachment;")
        return list(csv.reader(io.StringIO(response.text)))[1:]

    assert {s: int(n) for s, n in rows("stages")} == body["stages"]
    weeks = [{"week_start": w, "count": int(n)} for w, n in rows("releasing-unresolved")]
    assert weeks == body["releasing_unresolved"]
    overdue = rows("overdue-tasks")
    assert sum(int(r[3]) for r in overdue) == body["overdue_tasks"]
    kpis = {r[0]: (float(r[2]) if r[2] else None) for r in rows("kpis")}
    assert kpis == body["kpis"]


def test_the_pipeline_page_draws_a_chart_with_a_table_beside_each(api, web, db):
    web.sign_in("rom-ne")
    page = web.get("/pipeline").text
    for name in ("stages", "releasing-unresolved", "overdue-tasks", "kpis", "needs-met-at-release"):
        assert f'id="chart-{name}"' in page and f'id="table-{name}"' in page
        assert f'href="/pipeline/{name}.csv"' in page
    assert 'role="img"' in page and "<title" in page


def test_a_task_is_marked_done_from_the_task_list(api, web, db):
    case_id = received_case(api, at=NOW, release_in_days=60)
    tenancy = {
        "landlord_type": "social",
        "rent_weekly": "95.50",
        "arrears": "0",
        "housing_benefit": True,
    }
    body = {
        "housing_status": "tenancy_maintained",
        "tenancy": tenancy,
        "threatened_with_homelessness": False,
        "duty_to_refer_consent": False,
    }
    assert api.post(f"/cases/{case_id}/hacs-assessment", json=body, user="durham-hacs").ok
    [task] = api.get(f"/tasks?case_id={case_id}&kind=protect_tenancy", user="durham").json()[
        "items"
    ]
    web.sign_in("durham-hacs")
    assert "Mark done" in web.get("/tasks?kind=protect_tenancy").text
    page = web.post(f"/tasks/{task['id']}/complete", {"back": "/tasks"})
    assert "Task marked as done" in page.text
    assert (
        api.get(f"/tasks?case_id={case_id}&kind=protect_tenancy").json()["items"][0]["status"]
        == "done"
    )


def test_a_page_number_that_is_not_a_plain_number_shows_the_first_page(api, web, db):
    web.sign_in("durham")
    for path in ("/cases", "/tasks", "/handovers"):
        for page in ("²", "٣", "99999999999999999999", "-1", "x"):
            assert web.get(f"{path}?page={page}").status_code == 200, (path, page)
    assert web.get("/cases?weeks=²").status_code == 200
    assert web.get("/tasks/²/complete").status_code in (404, 405)


def test_a_double_submit_of_the_assessment_form_records_one_assessment(api, web, db):
    import re

    case_id = received_case(api, at=NOW)
    web.sign_in("durham-carat")
    form = web.get(f"/cases/{case_id}/carat-assessment").text
    key = re.search(r'name="submission_key" value="([^"]+)"', form).group(1)
    answer = {"drug_need": "no", "consent_share_cjit": "no", "submission_key": key}
    for _ in range(2):
        web.post(f"/cases/{case_id}/carat-assessment", answer)
        web.get(f"/cases/{case_id}/carat-assessment")  # a fresh CSRF token, as a browser has
    assert len(api.get(f"/cases/{case_id}").json()["assessments"]) == 1
