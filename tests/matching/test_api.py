"""GET /cases/{id}/matches through the API, with the HACS assessment's support need and risks."""

from __future__ import annotations

from tests.conftest import NOW
from tests.factories import add_service, carat_body, hacs_body, received_case

RECOVERY = ["in_treatment", "recently_abstinent_vulnerable", "abstinent_potentially_vulnerable"]
USING = ["chaotic_using", "chaotic_engaging", "in_treatment"]


def _assessed_case(api, stage: str = "recently_abstinent_vulnerable") -> str:
    case_id = received_case(api, at=NOW)
    hacs = hacs_body(support_need="medium", risk_factors=["violence"])
    assert api.post(f"/cases/{case_id}/hacs-assessment", json=hacs).status_code in (200, 201)
    carat = carat_body(spectrum_stage=stage)
    assert api.post(f"/cases/{case_id}/carat-assessment", json=carat).status_code in (200, 201)
    return case_id


def test_matches_list_the_suitable_services_first_and_every_reason_for_the_others(api):
    house = add_service(api, name="Recovery House", support_level="high", spectrum_stages=RECOVERY)
    hostel = add_service(api, name="Open Hostel", kind="hostel", spectrum_stages=USING)
    violent = add_service(api, name="Quiet Flats", excludes=["violence"], support_level="low")
    case_id = _assessed_case(api)
    body = api.get(f"/cases/{case_id}/matches", user="durham-hacs").json()
    by_id = {m["service_id"]: m for m in body["items"]}
    assert body["items"][0]["service_id"] == house["id"] and by_id[house["id"]]["eligible"]
    assert by_id[house["id"]]["free_places_on_release"] == 2
    assert by_id[hostel["id"]]["reasons"] == [
        "spectrum stage: the service does not suit recently abstinent vulnerable"
    ]
    assert [r.split(":")[0] for r in by_id[violent["id"]]["reasons"]] == [
        "risk factor",
        "support level",
    ]


def test_a_rom_gets_matches_without_the_person_s_stage_and_a_cjit_worker_none(api):
    add_service(api, name="Recovery House", spectrum_stages=RECOVERY)
    add_service(api, name="Open Hostel", kind="hostel", spectrum_stages=USING)
    case_id = _assessed_case(api, stage="chaotic_using")
    staff = api.get(f"/cases/{case_id}/matches", user="durham").json()["items"]
    rom = api.get(f"/cases/{case_id}/matches", user="rom-ne").json()["items"]
    assert [m["name"] for m in staff if m["eligible"]] == ["Open Hostel"]
    assert [m["name"] for m in rom if m["eligible"]] == ["Recovery House"]
    assert "chaotic" not in str(rom)
    assert api.get(f"/cases/{case_id}/matches", user="newcastle").status_code == 403
    assert api.get(f"/cases/{case_id}/matches", user="pentonville").status_code == 404


def test_pages_of_matches_put_together_are_the_whole_list_in_order(api):
    for n, stages in enumerate([RECOVERY, USING, RECOVERY, USING, RECOVERY, USING, RECOVERY]):
        add_service(api, name=f"Service {n}", capacity=n + 1, spectrum_stages=stages)
    case_id = _assessed_case(api)
    whole = api.get(f"/cases/{case_id}/matches?page_size=100", user="durham-hacs").json()
    assert whole["total"] == len(whole["items"]) == 7
    pages = [
        api.get(f"/cases/{case_id}/matches?page={n}&page_size=2", user="durham-hacs").json()
        for n in (1, 2, 3, 4, 5)
    ]
    assert [page["total"] for page in pages] == [7] * 5
    assert [len(page["items"]) for page in pages] == [2, 2, 2, 1, 0]
    assert [m for page in pages for m in page["items"]] == whole["items"]


def test_the_hacs_assessment_refuses_an_unknown_risk_factor_naming_it(api):
    case_id = received_case(api, at=NOW)
    body = hacs_body(risk_factors=["arson", "shoplifting"], support_need="extreme")
    response = api.post(f"/cases/{case_id}/hacs-assessment", json=body)
    assert response.status_code == 422
    fields = {tuple(p["loc"][1:2]) for p in response.json()["detail"]}
    assert {("risk_factors",), ("support_need",)} <= fields
