"""The catalogue's and the placements' lists page by cursor as every list does: a walk by
`next_cursor` lists what a walk by page number lists, and a cursor that is not one is 422."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import FAR_AREA, add_service
from tests.placements.helpers import cases, offered, service


def _walks(api: Any, path: str, user: str, **params: Any) -> tuple[list[str], list[str], int]:
    """(ids by page number, ids by cursor, the total the last answer gave)."""
    by_page, page = [], 1
    while items := api.get(path, user=user, params={**params, "page": page}).json()["items"]:
        by_page += [item["id"] for item in items]
        page += 1
    by_cursor, cursor = [], None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        body = api.get(path, user=user, params=query).json()
        by_cursor += [item["id"] for item in body["items"]]
        assert len(by_cursor) <= 100, "the cursor walk does not end"
        if (cursor := body["next_cursor"]) is None:
            return by_page, by_cursor, body["total"]


def test_a_walk_of_the_services_by_cursor_lists_what_a_walk_by_page_lists(db, api):
    for _ in range(4):
        service(capacity=2)  # four of one name in one area: the id orders them
    for name in ("Ash House", "Zebra Court"):
        add_service(api, name=name)
    add_service(api, name="Birch Lodge", area=FAR_AREA)
    for user, params in (("admin", {}), ("durham", {"kind": "supported_housing"})):
        by_page, by_cursor, total = _walks(api, "/services", user, page_size=2, **params)
        assert by_cursor == by_page and len(set(by_page)) == total == 7, user


def test_a_walk_of_the_placements_by_cursor_lists_what_a_walk_by_page_lists(db, api):
    place = service(capacity=5)
    for case_id in cases(5):  # requested at the same instant: the id orders them
        offered(case_id, place)
    for user in ("admin", "rom-ne", "durham"):
        by_page, by_cursor, total = _walks(api, "/placements", user, page_size=2)
        assert by_cursor == by_page and len(set(by_page)) == total == 5, user


@pytest.mark.parametrize("path", ["/services", "/placements"])
def test_a_cursor_that_is_not_one_of_these_lists_is_422_naming_the_field(db, api, path):
    response = api.get(path, user="admin", params={"cursor": "not-a-cursor!"})
    assert response.status_code == 422, response.text
    assert "cursor" in response.text
