"""GET /reference, /cases and /cases/{id}: filters, paging, scope (401/403/404) and the audit."""

from datetime import timedelta

from sqlalchemy import select
from sqlmodel import Session

from resettlement import clock
from resettlement.storage.tables import AuditEntry
from tests.conftest import NOW
from tests.factories import AREA, FAR_AREA, FAR_PRISON, PRISON, follow_up, reception


def _receive(api, **kw) -> str:
    r = api.post("/events", json=reception(at=NOW, **kw))
    assert r.status_code == 201, r.text
    return r.json()["case_id"]


def test_reference_lists_regions_prisons_and_areas(api, db):
    body = api.get("/reference", user="durham").json()
    assert len(body["regions"]) == 12
    assert {"code": PRISON, "name": "HMP Durham", "region": "NE"} in body["prisons"]
    assert any(a["code"] == AREA for a in body["areas"])


def test_no_token_or_a_bad_token_is_401(api, db):
    assert api.get("/cases", user=None).status_code == 401
    r = api.get("/cases", user=None, headers={"Authorization": "Bearer not-a-token"})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"


def test_a_case_outside_the_callers_scope_is_404_as_if_it_did_not_exist(api, db):
    case_id = _receive(api, prison=PRISON, area=AREA)
    assert api.get(f"/cases/{case_id}", user="durham").status_code == 200
    assert api.get(f"/cases/{case_id}", user="newcastle").status_code == 200
    assert api.get(f"/cases/{case_id}", user="rom-ne").status_code == 200
    for outsider in ("pentonville", "cardiff", "rom-ln"):
        r = api.get(f"/cases/{case_id}", user=outsider)
        assert r.status_code == 404, outsider
    assert api.get("/cases/no-such-case", user="admin").status_code == 404


def test_the_caseload_lists_only_cases_in_scope(api, db):
    ours = _receive(api, prison=PRISON)
    _receive(api, prison=FAR_PRISON, area=FAR_AREA)
    body = api.get("/cases", user="durham").json()
    assert body["total"] == 1 and body["items"][0]["id"] == ours
    assert api.get("/cases", user="admin").json()["total"] == 2


def test_the_caseload_summary_has_the_contract_fields(api, db):
    case_id = _receive(api, release_in_days=30)
    item = api.get("/cases", user="durham").json()["items"][0]
    assert set(item) == {
        "id",
        "prison_number",
        "name",
        "prison",
        "destination_area",
        "stage",
        "release_date",
        "release_date_type",
        "days_to_release",
        "housing_status",
        "housing_resolved",
    }
    assert item["id"] == case_id and item["days_to_release"] == 30
    assert item["housing_resolved"] is False and item["name"] == "Aled Morgan"


def test_filters_narrow_the_caseload(api, db):
    soon = _receive(api, release_in_days=20)
    later = _receive(api, release_in_days=200)
    far = _receive(api, prison=FAR_PRISON, area=FAR_AREA, release_in_days=10)

    def ids(query: str) -> set[str]:
        return {c["id"] for c in api.get(f"/cases?{query}").json()["items"]}

    assert ids("releasing_within_days=30") == {soon, far}
    assert ids(f"prison={PRISON}") == {soon, later}
    assert ids(f"area={FAR_AREA}") == {far}
    assert ids("region=NE") == {soon, later}
    assert ids("stage=received") == {soon, later, far}
    assert ids("stage=released") == set()
    assert ids("housing_resolved=false") == {soon, later, far}


def test_pages_are_ordered_by_release_date_and_total_counts_all(api, db):
    made = [_receive(api, release_in_days=d) for d in (50, 10, 30)]
    first = api.get("/cases?page=1&page_size=2").json()
    second = api.get("/cases?page=2&page_size=2").json()
    assert first["total"] == 3 and second["total"] == 3
    assert [c["id"] for c in first["items"] + second["items"]] == [made[1], made[2], made[0]]


def test_bad_paging_and_filters_are_422(api, db):
    assert api.get("/cases?page=0").status_code == 422
    assert api.get("/cases?page_size=101").status_code == 422
    assert api.get("/cases?stage=flying").status_code == 422


def test_a_case_shows_every_section_with_nothing_invented(api, db):
    case_id = _receive(api)
    case = api.get(f"/cases/{case_id}").json()
    for key in ("assessments", "consents", "tenancy_checks"):
        assert case[key] == [], key
    assert case["accommodation"] is None and case["release_plan"] is None
    assert case["handover"] is None
    assert len(case["tasks"]) == 2 and len(case["timeline"]) == 1


def test_every_read_of_a_case_is_audited_with_who_and_how(api, db):
    case_id = _receive(api)
    api.get(f"/cases/{case_id}", user="durham")
    api.get("/cases", user="rom-ne")
    with Session(db.engine) as session:
        rows = session.exec(select(AuditEntry).order_by(AuditEntry.id)).scalars().all()
    seen = [(r.username, r.case_id, r.via, r.action) for r in rows]
    assert ("durham", case_id, "api", "read") in seen
    assert ("rom-ne", case_id, "api", "list") in seen
    assert all(r.at == NOW for r in rows)


def test_a_refused_read_is_audited_as_refused_and_shows_nothing_of_the_case(api, db):
    case_id = _receive(api)
    assert api.get(f"/cases/{case_id}", user="cardiff").status_code == 404
    with Session(db.engine) as session:
        query = select(AuditEntry).where(AuditEntry.username == "cardiff")
        rows = session.exec(query).scalars().all()
    assert [(r.case_id, r.kind, r.via) for r in rows] == [(case_id, "refused", "api")]


def test_days_to_release_follows_the_clock(api, db):
    case_id = _receive(api, release_in_days=10)
    number = api.get(f"/cases/{case_id}").json()["prison_number"]
    later = (NOW + timedelta(days=40)).date().isoformat()
    api.post(
        "/events", json=follow_up("release_date_set", number=number, at=NOW, release_date=later)
    )
    assert api.get(f"/cases/{case_id}").json()["days_to_release"] == 40


def test_the_overdue_filter_and_latest_first_sort(api, db):
    soon = _receive(api, release_in_days=20)
    later = _receive(api, release_in_days=200)
    assert [c["id"] for c in api.get("/cases?sort=-release_date").json()["items"]] == [later, soon]
    assert api.get("/cases?overdue=true").json()["total"] == 0
    with clock.frozen_at(NOW + timedelta(days=4)):  # past the 72-hour HACS assessment
        assert {c["id"] for c in api.get("/cases?overdue=true").json()["items"]} == {soon, later}
        assert api.get("/cases?overdue=false").json()["total"] == 0
    assert api.get("/cases?sort=name").status_code == 422


def test_the_active_filter_leaves_out_closed_and_withdrawn_cases(api, db):
    staying = _receive(api)
    leaving = reception(at=NOW)
    api.post("/events", json=leaving)
    api.post("/events", json=follow_up("withdrawn", number=leaving["prison_number"], at=NOW))
    assert {c["id"] for c in api.get("/cases?active=true").json()["items"]} == {staying}
    assert api.get("/cases?active=false").json()["items"][0]["stage"] == "withdrawn"
    assert api.get("/cases").json()["total"] == 2
