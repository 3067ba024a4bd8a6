"""GET /gaps through the API: a ROM's region, admins any or national, the forecast."""

from __future__ import annotations

from tests.conftest import NOW
from tests.factories import AREA, add_service, carat_body, received_case

RECOVERY = ["in_treatment", "recently_abstinent_vulnerable", "abstinent_potentially_vulnerable"]
USING = ["chaotic_using", "chaotic_engaging", "in_treatment"]


def test_a_person_in_recovery_with_only_a_wet_hostel_in_their_area_is_a_gap(api):
    add_service(api, name="Open Hostel", kind="hostel", spectrum_stages=USING, capacity=5)
    recovering = received_case(api, at=NOW, release_in_days=20)
    using = received_case(api, at=NOW, release_in_days=20)
    stage = {recovering: "recently_abstinent_vulnerable", using: "chaotic_using"}
    for case_id, value in stage.items():
        api.post(f"/cases/{case_id}/carat-assessment", json=carat_body(spectrum_stage=value))
    body = api.get("/gaps?weeks=4", user="rom-ne").json()
    area = next(a for a in body["areas"] if a["area"] == AREA)
    assert (area["releasing_unresolved"], area["free_places"]) == (2, 5)
    assert (area["eligible_places"], area["gap"], area["no_suitable_service"]) == (1, 1, 1)
    assert body["region"] == "NE" and len(body["forecast"]) == 4
    assert sum(w["releasing_unresolved"] for w in body["forecast"]) == 2
    assert {o["kind"] for o in body["outcomes"]} >= {"hostel", "supported_housing"}


def test_a_rom_sees_only_its_own_region_and_admins_the_nation(api):
    assert api.get("/gaps?region=LN", user="rom-ne").status_code == 403
    assert api.get("/gaps", user="newcastle").status_code == 403
    national = api.get("/gaps?weeks=2").json()
    assert national["region"] is None and len(national["areas"]) > 100
