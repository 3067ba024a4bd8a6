"""The ROM's gaps page over HTTP: a chart and table per area and the forecast, the numbers of
GET /gaps, each table's CSV equal to them; who may open it."""

from __future__ import annotations

import csv
import io

from tests.conftest import NOW
from tests.factories import AREA, add_service, received_case


def test_the_gaps_page_shows_each_areas_need_against_places_as_the_api_does(api, web, db):
    for _ in range(3):
        received_case(api, at=NOW, release_in_days=20)
    add_service(api, name="Westgate House", capacity=1)
    web.sign_in("rom-ne")
    page = web.get("/gaps")
    assert page.status_code == 200
    assert f'id="chart-area-{AREA}"' in page.text and 'id="chart-forecast"' in page.text
    assert 'data-testid="table-areas"' in page.text
    found = api.get("/gaps?weeks=12", user="rom-ne").json()
    [ours] = [a for a in found["areas"] if a["area"] == AREA]
    assert ours["releasing_unresolved"] == 3 and ours["gap"] == 2

    rows = list(csv.DictReader(io.StringIO(web.get("/gaps/areas.csv").text)))
    assert len(rows) == len(found["areas"])
    [row] = [r for r in rows if r["Area code"] == AREA]
    assert int(row["Gap"]) == ours["gap"]
    assert int(row["Releasing, housing unresolved"]) == ours["releasing_unresolved"]
    assert int(row["Places they could take"]) == ours["eligible_places"]
    forecast = list(csv.DictReader(io.StringIO(web.get("/gaps/forecast.csv?weeks=4").text)))
    assert [(r["Week starting"], int(r["Releasing, housing unresolved"])) for r in forecast] == [
        (w["week_start"], w["releasing_unresolved"])
        for w in api.get("/gaps?weeks=4", user="rom-ne").json()["forecast"]
    ]
    outcomes = web.get("/gaps/outcomes.csv")
    assert outcomes.headers["content-type"].startswith("text/csv")
    assert "Placed" in outcomes.text.splitlines()[0]


def test_only_roms_and_admins_open_the_gaps_page(api, web, db):
    web.sign_in("admin")
    assert web.get("/gaps").status_code == 200
    assert "England and Wales" in web.get("/gaps").text
    assert web.get("/gaps?region=NE").status_code == 200
    web.sign_in("rom-ne")
    assert 'href="/gaps"' in web.get("/pipeline").text
    assert web.get("/gaps?region=LN").status_code == 403
    for user in ("durham-hacs", "newcastle"):
        web.sign_in(user)
        assert web.get("/gaps").status_code == 403
        assert web.get("/gaps/areas.csv").status_code == 403
