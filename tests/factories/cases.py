"""Cases through the real intake and API: received, released, planned; their handover, needs,
person links and services."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from tests.factories.bodies import (
    accommodation_body,
    carat_body,
    hacs_body,
    need_body,
    service_body,
)
from tests.factories.events import AREA, PRISON, prison_number, reception, release_event


def received_case(api: Any, *, at: datetime, **kw: Any) -> str:
    """A case opened by a reception event through the API (as admin); returns its id."""
    response = api.post("/events", json=reception(at=at, **kw))
    assert response.status_code == 201, response.text
    return str(response.json()["case_id"])


def case_row(**extra: Any) -> Any:
    """A Case row to add straight to a session (for sweep tests over many generated cases)."""
    from datetime import UTC

    from resettlement.storage.tables import Case

    at = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    values: dict[str, Any] = {
        "prison_number": prison_number(),
        "given_name": "Aled",
        "family_name": "Morgan",
        "date_of_birth": date(1988, 3, 14),
        "gender": "male",
        "prison": PRISON,
        "destination_area": AREA,
        "reception_date": date(2026, 6, 1),
        "stage": "case_managed",
        "created_at": at,
        "updated_at": at,
    }
    return Case(**(values | extra))


def apply_events(*events: dict[str, Any]) -> list[str]:
    """Apply prison events through the real intake in one committed transaction; case ids."""
    from resettlement.policy import get_policy, get_reference
    from resettlement.reception.events import parse_event
    from resettlement.reception.intake import Intake
    from resettlement.storage.db import session_scope

    with session_scope() as session:
        intake = Intake(session, actor="test", policy=get_policy(), reference=get_reference())
        outcomes = [intake.apply(parse_event(e)) for e in events]
        intake.flush()
    assert all(o.status == "accepted" for o in outcomes), outcomes
    return [str(o.case_id) for o in outcomes]


def released(
    *, received_at: datetime, released_at: datetime, area: str | None = AREA, **kw: Any
) -> tuple[str, str]:
    """A person received and then released through the intake; (case id, prison number)."""
    event = reception(at=received_at, area=area, **kw)
    case_id, _ = apply_events(event, release_event(event["prison_number"], at=released_at))
    return case_id, event["prison_number"]


def handover_of(case_id: str) -> Any:
    """The case's current handover row, read afresh."""
    from sqlmodel import col, select

    from resettlement.storage.db import session_scope
    from resettlement.storage.tables import Handover

    with session_scope(write=False) as session:
        query = (
            select(Handover)
            .where(col(Handover.case_id) == case_id)
            .order_by(col(Handover.episode).desc())
        )
        return session.exec(query).first()


def set_area_system(area: str, url: str | None) -> None:
    """Point a CJIT area at a case system (a loopback test server), or at none."""
    from resettlement.storage.db import session_scope
    from resettlement.storage.tables import Area

    with session_scope() as session:
        row = session.get(Area, area)
        assert row is not None
        row.cjit_system_url = url


def add_need(api: Any, case_id: str, *, user: str = "admin", **kw: Any) -> dict[str, Any]:
    """A need recorded through the API; the need as the API answers."""
    response = api.post(f"/cases/{case_id}/needs", json=need_body(**kw), user=user)
    assert response.status_code == 201, response.text
    return dict(response.json())


def person_link(api: Any, case_id: str, *, user: str = "admin") -> dict[str, Any]:
    """A one-time link for the person made through the API: {url, expires_at, send_by}."""
    response = api.post(f"/cases/{case_id}/person-link", user=user)
    assert response.status_code == 201, response.text
    return dict(response.json())


def link_path(url: str) -> str:
    """The path of a person link (/p/SECRET), to open on the test server."""
    return "/p/" + url.rsplit("/p/", 1)[1]


DATE_OF_BIRTH = {"dob-day": "14", "dob-month": "3", "dob-year": "1988"}  # reception()'s person


# Staff words planted everywhere a person's own page could take them from: none may show there.
STAFF_WORDS = (
    "HACSSECRETNOTE",
    "CARATSECRETNOTE",
    "CARATSECRETPLAN",
    "CARATSECTIONWORDS",
    "CARATAPPTWORDS",
    "PROBATIONSUMMARY",
    "NEEDNOTE",
)


def planned_case(api: Any, *, at: datetime, **kw: Any) -> str:
    """A person 50 days from release with what their own page shows: an address confirmed,
    a treatment appointment (Hope Centre) and a probation induction (Pilgrim St) 30 days out, a
    birth certificate obtained and a GP registration to do; and STAFF_WORDS in every note."""
    case_id = received_case(api, at=at - timedelta(days=20), release_in_days=50, **kw)
    places = ("hacs", "carat", "plan", "section", "appt", "probation", "need")
    notes = dict(zip(places, STAFF_WORDS, strict=True))
    api.post(f"/cases/{case_id}/hacs-assessment", json=hacs_body(notes=notes["hacs"]))
    body = carat_body(notes=notes["carat"], care_plan=notes["plan"])
    api.post(f"/cases/{case_id}/carat-assessment", json=body)
    when = (at + timedelta(days=30)).date().isoformat()
    sections = {
        "carat": {
            "summary": notes["section"],
            "appointments": [{"what": notes["appt"], "when": when, "where": "Hope Centre"}],
        },
        "probation": {
            "summary": notes["probation"],
            "appointments": [{"what": "Probation induction", "when": when, "where": "Pilgrim St"}],
        },
    }
    for party, content in sections.items():
        put = api.put(f"/cases/{case_id}/release-plan/sections/{party}", json={"content": content})
        assert put.status_code == 200, put.text
    api.put(f"/cases/{case_id}/accommodation", json=accommodation_body(start=at.date()))
    need = add_need(api, case_id, pathway="finance_id", need="birth_certificate")
    met = {"status": "met", "note": notes["need"]}
    assert api.put(f"/cases/{case_id}/needs/{need['id']}", json=met).status_code == 200
    add_need(api, case_id, pathway="health", need="gp_registration", owner="probation")
    return case_id


def add_service(api: Any, *, user: str = "admin", **extra: Any) -> dict[str, Any]:
    response = api.post("/services", json=service_body(**extra), user=user)
    assert response.status_code == 201, response.text
    return dict(response.json())
