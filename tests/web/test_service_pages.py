"""The services page over HTTP: search and filters, occupancy today and on a chosen day, and
the add/change form (admins; ROMs within their region), 422 naming each bad field."""

from __future__ import annotations

from datetime import timedelta

from tests.conftest import NOW
from tests.factories import FAR_AREA, add_service, received_case

FORM = {
    "name": "Tyne Recovery House",
    "provider": "Harbour Lane Housing",
    "address": "3 Quay Road, Newcastle upon Tyne",
    "area": "E08000021",
    "kind": "supported_housing",
    "support_level": "medium",
    "capacity": "4",
    "access": "referral",
    "accepts_on_licence": "yes",
    "active": "yes",
}
SETS = [
    ("genders", "male"),
    ("genders", "female"),
    ("spectrum_stages", "recently_abstinent_vulnerable"),
    ("spectrum_stages", "abstinent_potentially_vulnerable"),
    ("excludes", "arson"),
]


def _post(web, path: str, fields: dict[str, str], sets: list[tuple[str, str]]):
    data = [("csrf_token", web.csrf), *fields.items(), *sets]
    return web._keep_token(web.http.post(web.base + path, data=data, timeout=30))


def _rows(text: str) -> int:
    return text.count("data-service=")


def test_the_catalogue_is_searched_and_filtered_with_places_free_today_and_on_a_day(api, web, db):
    house = add_service(api, name="Westgate House", capacity=1)
    add_service(api, name="Cardiff Lodge", area=FAR_AREA, kind="hostel")
    case_id = received_case(api, at=NOW, release_in_days=30)
    start = NOW.date() + timedelta(days=20)
    made = api.post(
        f"/cases/{case_id}/placements",
        json={"service_id": house["id"], "start_date": start.isoformat()},
    ).json()
    api.post(f"/placements/{made['id']}/offer")
    assert api.post(f"/placements/{made['id']}/confirm").status_code == 200

    web.sign_in("newcastle")  # any reader: a CJIT worker too
    everything = web.get("/services")
    assert everything.status_code == 200 and _rows(everything.text) == 2
    assert _rows(web.get("/services?kind=hostel").text) == 1
    assert "Cardiff Lodge" in web.get(f"/services?area={FAR_AREA}").text
    assert "Westgate House" not in web.get(f"/services?area={FAR_AREA}").text
    assert _rows(web.get("/services?q=lodge").text) == 1
    later = web.get(
        f"/services?kind=supported_housing&on={(start + timedelta(days=1)).isoformat()}"
    ).text
    row = later.split(f'data-service="{house["id"]}"')[1].split("</tr>")[0]
    assert 'data-testid="free-today">1<' in row and 'data-testid="free-on">0<' in row
    assert "Add a service" not in everything.text and "/edit" not in everything.text


def test_an_admin_adds_and_changes_a_service_and_each_bad_field_is_named(api, web, db):
    web.sign_in("admin")
    web.get("/services/new")
    bad = _post(web, "/services/new", {**FORM, "name": "", "capacity": "lots"}, [])
    assert bad.status_code == 422
    for message in (
        "Enter the name of the service",
        "Places: input should be a valid integer",
        "Select the genders accepted",
        "Select the stages of the spectrum of need it suits",
    ):
        assert message in bad.text, message
    assert api.get("/services").json()["total"] == 0
    done = _post(web, "/services/new", FORM, SETS)
    assert done.status_code == 200 and "Service added" in done.text
    [service] = api.get("/services").json()["items"]
    assert service["excludes"] == ["arson"] and service["capacity"] == 4
    assert sorted(service["spectrum_stages"]) == [
        "abstinent_potentially_vulnerable",
        "recently_abstinent_vulnerable",
    ]
    form = web.get(f"/services/{service['id']}/edit")
    assert 'value="Tyne Recovery House"' in form.text
    changed = _post(web, f"/services/{service['id']}/edit", {**FORM, "capacity": "6"}, SETS)
    assert "Service changed" in changed.text
    assert api.get("/services").json()["items"][0]["capacity"] == 6


def test_a_rom_manages_only_its_own_regions_services(api, web, db):
    ours = add_service(api, name="Westgate House")
    theirs = add_service(api, name="Cardiff Lodge", area=FAR_AREA)
    web.sign_in("rom-ne")
    page = web.get("/services").text
    assert f"/services/{ours['id']}/edit" in page
    assert f"/services/{theirs['id']}/edit" not in page
    assert web.get(f"/services/{theirs['id']}/edit").status_code == 403
    web.get("/services/new")
    refused = _post(web, "/services/new", {**FORM, "area": FAR_AREA}, SETS)
    assert refused.status_code == 403
    assert api.get("/services?q=recovery").json()["total"] == 0
    web.sign_in("durham-hacs")
    assert web.get("/services/new").status_code == 403
