"""Each case's prison region and destination region: set at reception, kept right by a
transfer, a recall, a new destination (prison event or HACS assessment), and backfilled by
revision 0009; a ROM's scope follows them."""

from __future__ import annotations

from datetime import timedelta

from alembic import command
from sqlalchemy import text
from sqlmodel import select

from resettlement.storage.db import session_scope
from resettlement.storage.migrate import alembic_config
from resettlement.storage.tables import Case
from tests.conftest import NOW
from tests.factories import (
    AREA,
    FAR_AREA,
    FAR_PRISON,
    PRISON,
    apply_events,
    follow_up,
    hacs_body,
    reception,
)


def _regions(case_id: str) -> tuple[str | None, str | None]:
    with session_scope(write=False) as session:
        case = session.get(Case, case_id)
        assert case is not None
        return case.prison_region, case.destination_region


def test_a_reception_sets_both_regions(db):
    (case_id,) = apply_events(reception(at=NOW, prison=PRISON, area=FAR_AREA))
    assert _regions(case_id) == ("NE", "WA")
    (undecided,) = apply_events(reception(at=NOW, prison=FAR_PRISON, area=None))
    assert _regions(undecided) == ("LN", None)


def test_a_transfer_and_a_new_destination_move_the_case_between_roms(db, api):
    event = reception(at=NOW, prison=PRISON, area=AREA)
    (case_id,) = apply_events(event)
    number = event["prison_number"]
    assert _regions(case_id) == ("NE", "NE")
    later = NOW + timedelta(days=1)
    apply_events(follow_up("transfer", number=number, at=later, to_prison=FAR_PRISON))
    assert _regions(case_id) == ("LN", "NE")
    assert api.get(f"/cases/{case_id}", user="rom-ln").status_code == 200
    assert api.get(f"/cases/{case_id}", user="rom-ne").status_code == 200  # still coming home
    moved = follow_up(
        "release_date_set",
        number=number,
        at=later + timedelta(hours=1),
        prison=FAR_PRISON,
        release_date=(NOW.date() + timedelta(days=90)).isoformat(),
        destination_area=FAR_AREA,
    )
    apply_events(moved)
    assert _regions(case_id) == ("LN", "WA")
    assert api.get(f"/cases/{case_id}", user="rom-ne").status_code == 404
    ids = [c["id"] for c in api.get("/cases", user="rom-ln").json()["items"]]
    assert case_id in ids


def test_a_hacs_assessment_that_names_another_area_moves_the_destination_region(db, api):
    (case_id,) = apply_events(reception(at=NOW, prison=PRISON, area=AREA))
    r = api.post(
        f"/cases/{case_id}/hacs-assessment",
        user="durham-hacs",
        json=hacs_body(destination_area=FAR_AREA),
    )
    assert r.status_code in (200, 201), r.text
    assert _regions(case_id) == ("NE", "WA")


def test_revision_0009_fills_the_regions_of_cases_written_before_it(db):
    (case_id,) = apply_events(reception(at=NOW, prison=FAR_PRISON, area=AREA))
    config = alembic_config(db.url)
    command.downgrade(config, "0008")
    try:
        with db.engine.connect() as conn:
            columns = conn.execute(text('SELECT * FROM "case"')).keys()
        assert "prison_region" not in columns
    finally:
        command.upgrade(config, "head")
    assert _regions(case_id) == ("LN", "NE")
    with session_scope(write=False) as session:
        assert session.exec(select(Case.id).where(Case.prison_region == "LN")).all() == [case_id]
