"""The catalogue: services added, changed and listed through the API; the starter file."""

from __future__ import annotations

from pathlib import Path

import pytest

from resettlement.catalogue.loading import (
    SERVICES_FILE,
    Loaded,
    load_services,
    read_services,
)
from resettlement.config_files import ConfigError
from resettlement.policy import get_reference
from resettlement.settings import REPO_CONFIG_DIR
from resettlement.storage.db import session_scope
from tests.factories import AREA, FAR_AREA, add_service, edit_yaml, service_body


def test_an_admin_adds_a_service_and_everyone_who_reads_finds_it_with_its_places(api):
    made = add_service(api, capacity=3)
    assert made["kind"] == "supported_housing" and made["genders"] == ["male", "female", "other"]
    for user in ("durham", "newcastle", "rom-ne"):
        listed = api.get(f"/services?area={AREA}", user=user).json()
        assert listed["total"] == 1
        assert (listed["items"][0]["held"], listed["items"][0]["free"]) == (0, 3)


def test_a_bad_service_is_refused_naming_each_bad_field_and_nothing_is_stored(api):
    body = service_body(
        kind="floating_support", capacity=2, min_age=40, max_age=30, genders=[], area="E99999999"
    )
    response = api.post("/services", json=body)
    assert response.status_code == 422
    fields = {p["loc"][-1] for p in response.json()["detail"]}
    assert {"area", "capacity", "max_age", "genders"} <= fields
    assert api.get("/services").json()["total"] == 0


def test_a_rom_manages_services_of_its_own_region_only(api):
    assert api.post("/services", json=service_body(), user="rom-ne").status_code == 201
    far = api.post("/services", json=service_body(area=FAR_AREA), user="rom-ne")
    assert far.status_code == 403
    assert api.post("/services", json=service_body(), user="rom-ln").status_code == 403


def test_prison_staff_and_cjit_workers_may_not_manage_services(api):
    for user in ("durham-hacs", "newcastle"):
        assert api.post("/services", json=service_body(), user=user).status_code == 403


def test_changing_a_service_replaces_what_the_catalogue_says_of_it(api):
    made = add_service(api)
    body = service_body(capacity=5, active=False, excludes=["arson"])
    changed = api.put(f"/services/{made['id']}", json=body, user="rom-ne")
    assert changed.status_code == 200
    assert (changed.json()["capacity"], changed.json()["active"]) == (5, False)
    assert changed.json()["excludes"] == ["arson"]
    assert api.get("/services?active=true").json()["total"] == 0


def test_the_same_code_again_adds_nothing_and_a_different_service_under_it_is_a_conflict(api):
    first = api.post("/services", json=service_body(code="westgate"))
    again = api.post("/services", json=service_body(code="westgate"))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert api.post("/services", json=service_body(code="westgate", capacity=9)).status_code == 409


def test_services_are_found_by_words_and_filtered_by_kind_and_region(api):
    add_service(api, name="Tyne Recovery House")
    add_service(api, name="Cardiff Hostel", area=FAR_AREA, kind="hostel")
    assert api.get("/services?q=recovery").json()["total"] == 1
    assert api.get("/services?kind=hostel").json()["items"][0]["name"] == "Cardiff Hostel"
    assert api.get("/services?region=NE").json()["total"] == 1
    assert api.get("/services?area=E99999999").status_code == 422


def test_the_starter_catalogue_loads_in_full_then_unchanged_and_covers_every_area(db):
    reference = get_reference()
    path = REPO_CONFIG_DIR / SERVICES_FILE
    services = read_services(path, reference)
    assert {s.area for s in services} == set(reference.areas)
    with session_scope() as session:
        assert load_services(session, path, reference) == Loaded(added=len(services))
    with session_scope() as session:
        assert load_services(session, path, reference) == Loaded(unchanged=len(services))


def test_a_bad_catalogue_file_names_the_file_the_key_and_the_reason(config_copy: Path):
    path = config_copy / SERVICES_FILE

    def break_it(data: dict) -> None:
        data["services"][1]["capacity"] = -1

    edit_yaml(path, break_it)
    with pytest.raises(ConfigError, match=r"services\.yaml: key 'services\[1\]\.capacity'"):
        read_services(path, get_reference())
