"""The case page's "Places" section over HTTP: matches with their reasons, requesting a place
and moving it (offer, confirm, decline, end), each form's problems named (422) and a refusal of
the whole move shown as a 409 message; who sees what."""

from __future__ import annotations

from datetime import date, timedelta

from tests.conftest import NOW
from tests.factories import FAR_AREA, add_service, received_case

RELEASE_IN = 40


def _release(api, case_id: str) -> date:
    return date.fromisoformat(api.get(f"/cases/{case_id}").json()["release_date"])


def _date(prefix: str, day: date) -> dict[str, str]:
    return {
        f"{prefix}-day": str(day.day),
        f"{prefix}-month": str(day.month),
        f"{prefix}-year": str(day.year),
    }


def _placements(api, case_id: str) -> list[dict]:
    return api.get(f"/placements?case_id={case_id}").json()["items"]


def test_the_case_page_lists_matches_and_every_reason_of_the_others(api, web, db):
    case_id = received_case(api, at=NOW, release_in_days=RELEASE_IN)
    add_service(api, name="Westgate House")
    add_service(api, name="Cardiff Lodge", area=FAR_AREA)
    add_service(api, name="Women Only House", genders=["female"], min_age=60)
    web.sign_in("durham-hacs")
    page = web.get(f"/cases/{case_id}")
    assert page.status_code == 200
    text = page.text
    matches = text.split('data-testid="matches"')[1].split("</table>")[0]
    assert "Westgate House" in matches and "Request a place" in matches
    ineligible = text.split('data-testid="ineligible"')[1].split("</details>")[0]
    assert "Women Only House" in ineligible
    assert "gender" in ineligible and "age" in ineligible
    # A service of a region neither the destination's nor the prison's is not considered at all.
    assert "Cardiff Lodge" not in text


def test_requesting_offering_and_confirming_a_place_resolves_housing(api, web, db):
    case_id = received_case(api, at=NOW, release_in_days=RELEASE_IN)
    service = add_service(api, name="Westgate House", capacity=1)
    web.sign_in("durham-hacs")
    web.get(f"/cases/{case_id}")
    start = _release(api, case_id)
    sent = web.post(
        f"/cases/{case_id}/placements",
        {"service_id": service["id"], **_date("start_date", start)},
    )
    assert sent.status_code == 200 and "Place requested" in sent.text
    [placement] = _placements(api, case_id)
    assert placement["status"] == "requested" and placement["start_date"] == start.isoformat()
    offered = web.post(f"/cases/{case_id}/placements/{placement['id']}/offer")
    assert "Offer recorded" in offered.text
    confirmed = web.post(f"/cases/{case_id}/placements/{placement['id']}/confirm")
    assert "Place confirmed" in confirmed.text
    case = api.get(f"/cases/{case_id}").json()
    assert case["housing_resolved"] is True
    assert case["accommodation"]["provider"] == service["provider"]
    assert "End the placement" in confirmed.text
    # Confirming again is not a move a confirmed placement can make: 409, said in words.
    again = web.post(f"/cases/{case_id}/placements/{placement['id']}/confirm")
    assert again.status_code == 409
    assert 'data-testid="place-conflict"' in again.text


def test_the_last_place_taken_makes_a_second_confirmation_a_409_message(api, web, db):
    service = add_service(api, name="Westgate House", capacity=1)
    first, second = (received_case(api, at=NOW, release_in_days=RELEASE_IN) for _ in range(2))
    start = _release(api, first)
    ids = []
    for case_id in (first, second):
        body = {"service_id": service["id"], "start_date": start.isoformat()}
        made = api.post(f"/cases/{case_id}/placements", json=body).json()
        assert api.post(f"/placements/{made['id']}/offer").status_code == 200
        ids.append(made["id"])
    assert api.post(f"/placements/{ids[0]}/confirm").status_code == 200
    web.sign_in("durham-hacs")
    web.get(f"/cases/{second}")
    refused = web.post(f"/cases/{second}/placements/{ids[1]}/confirm")
    assert refused.status_code == 409
    assert "This cannot be done now" in refused.text
    assert _placements(api, second)[0]["status"] == "offered"


def test_bad_forms_name_each_field_and_write_nothing(api, web, db):
    case_id = received_case(api, at=NOW, release_in_days=RELEASE_IN)
    service = add_service(api, name="Westgate House")
    web.sign_in("durham-hacs")
    web.get(f"/cases/{case_id}")
    bad = web.post(
        f"/cases/{case_id}/placements",
        {
            "service_id": service["id"],
            "start_date-day": "31",
            "start_date-month": "2",
            "start_date-year": "2027",
        },
    )
    assert bad.status_code == 422
    assert "govuk-error-summary" in bad.text and "must be a real date" in bad.text
    assert f'href="#request-{service["id"]}-start_date-day"' in bad.text
    assert _placements(api, case_id) == []

    start = _release(api, case_id)
    made = api.post(
        f"/cases/{case_id}/placements",
        json={"service_id": service["id"], "start_date": start.isoformat()},
    ).json()
    web.get(f"/cases/{case_id}")
    declined = web.post(f"/cases/{case_id}/placements/{made['id']}/decline", {"reason": ""})
    assert declined.status_code == 422 and "Enter the reason" in declined.text
    assert _placements(api, case_id)[0]["status"] == "requested"
    declined = web.post(
        f"/cases/{case_id}/placements/{made['id']}/decline", {"reason": "No room for a dog"}
    )
    assert "Decline recorded" in declined.text
    assert _placements(api, case_id)[0]["reason"] == "No room for a dog"


def test_ending_a_placement_records_the_date_and_reason(api, web, db):
    case_id = received_case(api, at=NOW, release_in_days=RELEASE_IN)
    service = add_service(api, name="Westgate House")
    start = _release(api, case_id)
    made = api.post(
        f"/cases/{case_id}/placements",
        json={"service_id": service["id"], "start_date": start.isoformat()},
    ).json()
    api.post(f"/placements/{made['id']}/offer")
    api.post(f"/placements/{made['id']}/confirm")
    web.sign_in("durham-hacs")
    web.get(f"/cases/{case_id}")
    end = start + timedelta(days=90)
    missing = web.post(f"/cases/{case_id}/placements/{made['id']}/end", {"reason": "Move-on"})
    assert missing.status_code == 422 and "Enter the first day the place is free" in missing.text
    ended = web.post(
        f"/cases/{case_id}/placements/{made['id']}/end",
        {"reason": "Move-on to a tenancy", **_date("end_date", end)},
    )
    assert "Placement ended" in ended.text
    [row] = _placements(api, case_id)
    assert (row["status"], row["end_date"]) == ("ended", end.isoformat())


def test_who_sees_and_who_may_act(api, web, db):
    case_id = received_case(api, at=NOW, release_in_days=RELEASE_IN)
    service = add_service(api, name="Westgate House")
    made = api.post(
        f"/cases/{case_id}/placements",
        json={"service_id": service["id"], "start_date": _release(api, case_id).isoformat()},
    ).json()
    web.sign_in("durham-carat")  # another prison team: reads, may not act
    page = web.get(f"/cases/{case_id}").text
    assert "Westgate House" in page and 'id="places"' in page
    assert "Request a place" not in page and "Record the offer" not in page
    refused = web.post(f"/cases/{case_id}/placements/{made['id']}/offer")
    assert refused.status_code == 403
    web.sign_in("rom-ne")
    assert 'id="places"' in web.get(f"/cases/{case_id}").text
    web.sign_in("newcastle")  # the CJIT worker: no matches, no placements
    assert 'id="places"' not in web.get(f"/cases/{case_id}").text


def test_the_hacs_form_records_support_need_and_risk_factors_used_by_matching(api, web, db):
    case_id = received_case(api, at=NOW, release_in_days=RELEASE_IN)
    add_service(api, name="No Arson House", excludes=["arson"])
    web.sign_in("durham-hacs")
    form = web.get(f"/cases/{case_id}/hacs-assessment")
    assert 'name="risk_factors"' in form.text and 'name="support_need"' in form.text
    web.http.post(
        web.base + f"/cases/{case_id}/hacs-assessment",
        data=[
            ("csrf_token", web.csrf),
            ("housing_status", "nfa"),
            ("has_tenancy", "no"),
            ("threatened_with_homelessness", "no"),
            ("duty_to_refer_consent", "no"),
            ("support_need", "medium"),
            ("risk_factors", "arson"),
            ("risk_factors", "violence"),
        ],
        timeout=30,
    )
    [hacs] = [a for a in api.get(f"/cases/{case_id}").json()["assessments"] if a["kind"] == "hacs"]
    assert hacs["data"]["support_need"] == "medium"
    assert sorted(hacs["data"]["risk_factors"]) == ["arson", "violence"]
    [match] = api.get(f"/cases/{case_id}/matches").json()["items"]
    assert match["eligible"] is False and "risk factor" in " ".join(match["reasons"])
