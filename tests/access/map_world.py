"""The no-leaks world's services and placements (map and match, issue #11): a catalogue with
a service for people in recovery and one for people still using, and a placement requested for
each person in custody, so that matches and placements are walked with real content."""

from __future__ import annotations

from typing import Any

from tests.factories import add_service

RECOVERY = ["in_treatment", "recently_abstinent_vulnerable", "abstinent_potentially_vulnerable"]
USING = ["chaotic_using", "chaotic_engaging", "in_treatment"]


def plant(api: Any, case_ids: list[str], *, start: str) -> dict[str, list[str]]:
    """Services and placements; returns the ids the walk fills paths with."""
    services = [
        add_service(api, name="Recovery House", spectrum_stages=RECOVERY, capacity=3)["id"],
        add_service(api, name="Open Hostel", kind="hostel", spectrum_stages=USING)["id"],
    ]
    placements = []
    for case_id in case_ids:
        body = {"service_id": services[0], "start_date": start}
        response = api.post(f"/cases/{case_id}/placements", json=body)
        if response.status_code == 201:
            placements.append(response.json()["id"])
    return {"service_id": services, "placement_id": placements}


# Operations that hold no case data for a CJIT worker or a ROM, or that they may not call.
NO_CASE_DATA: dict[tuple[str, str], str] = {
    ("POST", "/services"): "the catalogue: no case data (admin; a ROM in its region)",
    ("PUT", "/services/{service_id}"): "the catalogue: no case data (admin; a ROM in its region)",
    ("POST", "/cases/{case_id}/placements"): "prison staff only (HACS)",
    ("POST", "/placements/{placement_id}/offer"): "prison staff only (HACS)",
    ("POST", "/placements/{placement_id}/decline"): "prison staff only (HACS)",
    ("POST", "/placements/{placement_id}/confirm"): "prison staff only (HACS)",
    ("POST", "/placements/{placement_id}/end"): "prison staff only (HACS)",
}
# Page forms of map and match that a CJIT worker and a ROM may not send, or that hold no case data.
PAGE_NO_CASE_DATA: dict[tuple[str, str], str] = {
    ("POST", "/cases/{case_id}/placements"): "prison staff only (HACS): 403 page",
    ("POST", "/cases/{case_id}/placements/{placement_id}/{move}"): "prison staff only (HACS)",
    ("POST", "/services/new"): "the catalogue: no case data (admin; a ROM in its region)",
    ("POST", "/services/{service_id}/edit"): "the catalogue: no case data (admin; a ROM)",
}
