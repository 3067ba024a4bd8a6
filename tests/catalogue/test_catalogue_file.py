"""Loading the starter catalogue file again: the file's own services follow the file (matched by
code), services people added or changed are left as they are, and a second load changes nothing."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import col, select

from resettlement.catalogue.loading import SERVICES_FILE, Loaded, load_services
from resettlement.policy import get_reference
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Service
from tests.factories import add_service, edit_yaml, service_body


def _small_file(config_copy: Path, entries: int = 3) -> Path:
    """The shipped file cut to its first few entries (a quick load on both databases)."""
    path = config_copy / SERVICES_FILE
    edit_yaml(path, lambda data: data.update(services=data["services"][:entries]))
    return path


def _load(path: Path) -> Loaded:
    with session_scope() as session:
        return load_services(session, path, get_reference())


def _by_code(code: str) -> Service:
    with session_scope(write=False) as session:
        row = session.exec(select(Service).where(col(Service.code) == code)).one()
        session.expunge(row)
        return row


def _codes(path: Path) -> list[str]:
    import yaml

    return [entry["code"] for entry in yaml.safe_load(path.read_text())["services"]]


def test_loading_again_changes_nothing_and_says_so(db, config_copy):
    path = _small_file(config_copy)
    assert _load(path) == Loaded(added=3)
    assert _load(path) == Loaded(unchanged=3)
    assert str(_load(path)) == "0 added, 0 updated, 3 unchanged"


def test_an_entry_changed_in_the_file_is_updated_by_its_code_and_only_once(db, config_copy):
    path = _small_file(config_copy)
    first, second, third = _codes(path)
    _load(path)
    before, untouched = _by_code(second), _by_code(third)

    def change(data: dict) -> None:
        data["services"][0]["capacity"] = 9
        data["services"][1]["active"] = False  # the file takes a service out of matching
        data["services"][1]["name"] = "Renamed in the file"

    edit_yaml(path, change)
    assert _load(path) == Loaded(updated=2, unchanged=1)
    assert _by_code(first).capacity == 9
    after = _by_code(second)
    assert (after.active, after.name, after.id) == (False, "Renamed in the file", before.id)
    assert _by_code(third).updated_at == untouched.updated_at
    assert _load(path) == Loaded(unchanged=3)


def test_services_people_added_or_changed_are_left_as_they_are(api, db, config_copy):
    path = _small_file(config_copy)
    first, second, _third = _codes(path)
    _load(path)
    theirs = add_service(api, name="Added by a person", capacity=2)
    same_code = api.post("/services", json=service_body(code="a-person-s-own", capacity=1)).json()
    changed = _by_code(second)
    body = service_body(name="Changed on the page", area=changed.area, capacity=5)
    assert api.put(f"/services/{changed.id}", json=body).status_code == 200

    def change(data: dict) -> None:
        data["services"][0]["capacity"] = 7
        data["services"][1]["capacity"] = 8  # a person changed this one since: theirs now
        data["services"].append({**data["services"][2], "code": "a-person-s-own"})

    edit_yaml(path, change)
    assert _load(path) == Loaded(updated=1, unchanged=1, kept=2)
    assert _by_code(first).capacity == 7
    assert (_by_code(second).name, _by_code(second).capacity) == ("Changed on the page", 5)
    assert _by_code("a-person-s-own").capacity == 1
    mine = api.get(f"/services/{theirs['id']}").json()
    assert (mine["name"], mine["capacity"]) == ("Added by a person", 2)
    assert api.get(f"/services/{same_code['id']}").json()["capacity"] == 1
    assert str(_load(path)).endswith(", 2 kept as people last changed them")


def test_a_service_no_longer_in_the_file_is_left_as_it_is(db, config_copy):
    path = _small_file(config_copy)
    _first, _second, third = _codes(path)
    _load(path)
    edit_yaml(path, lambda data: data.update(services=data["services"][:2]))
    assert _load(path) == Loaded(unchanged=2)
    assert _by_code(third).active is True
