"""Each role lands on its today page; every count there is the length of the list it links to;
the caseload starts with the people in custody, soonest release first; search takes a full name
in either order; the filtered caseload exports as CSV."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from tests.conftest import NOW
from tests.factories import received_case, reception, released


def count(page_text: str, key: str) -> tuple[int, str]:
    found = re.search(
        rf'href="([^"]+)" data-testid="count-{key}"><span class="app-count__number">(\d+)</span>',
        page_text,
    )
    assert found, key
    return int(found.group(2)), found.group(1).replace("&amp;", "&")


def listed_total(web, href: str) -> int:
    page = web.get(href)
    assert page.status_code == 200
    found = re.search(r'data-testid="result-count">Showing \d+ to \d+ of (\d+) ', page.text)
    if found:
        return int(found.group(1))
    assert 'data-testid="result-count">There are no' in page.text
    return 0


def test_prison_staff_land_on_today_and_each_count_leads_to_that_many(api, web, db):
    soon = received_case(api, at=NOW - timedelta(days=10), release_in_days=20)
    received_case(api, at=NOW, release_in_days=200)
    page = web.sign_in("durham-hacs")
    assert page.url.endswith("/today")
    assert "Releasing in the next 12 weeks with housing unresolved" in page.text
    assert f'href="/cases/{soon}"' in page.text
    for key in ("releasing", "overdue", "due_today", "receptions"):
        n, href = count(page.text, key)
        assert listed_total(web, href) == n, key
    assert count(page.text, "releasing")[0] == 1
    assert count(page.text, "receptions")[0] == 2
    assert count(page.text, "overdue")[0] >= 1  # the HACS assessment fell due days ago


def test_a_cjit_worker_lands_on_new_handovers_and_a_rom_on_the_region(api, web, db):
    released(received_at=NOW - timedelta(days=60), released_at=NOW - timedelta(hours=2))
    page = web.sign_in("newcastle")
    assert page.url.endswith("/today")
    n, href = count(page.text, "new_handovers")
    assert n == 1 and listed_total(web, href) == 1
    for key in ("overdue_handovers", "checks_due", "missed"):
        n, href = count(page.text, key)
        assert listed_total(web, href) == n, key

    received_case(api, at=NOW - timedelta(days=10), release_in_days=15)
    rom = type(web)(web.base)
    page = rom.sign_in("rom-ne")
    assert page.url.endswith("/today")
    n, href = count(page.text, "releasing")
    assert n == 1 and listed_total(rom, href) == 1
    assert 'data-testid="overdue-by-prison"' in page.text
    assert "HMP Durham" in page.text
    by_prison = re.search(r'href="(/tasks\?prison=DMI[^"]+)">(\d+)<', page.text)
    assert by_prison
    assert listed_total(rom, by_prison.group(1).replace("&amp;", "&")) == int(by_prison.group(2))


def test_the_prison_caseload_starts_in_custody_soonest_release_first(api, web, db):
    inside = received_case(api, at=NOW - timedelta(days=5), release_in_days=40)
    out, _ = released(received_at=NOW - timedelta(days=90), released_at=NOW - timedelta(days=30))
    web.sign_in("durham")
    page = web.get("/cases").text
    assert f'data-case-id="{inside}"' in page and f'data-case-id="{out}"' not in page
    assert f'data-case-id="{out}"' in web.get("/cases?custody=any").text


def test_search_finds_a_full_name_in_either_order_and_a_prison_number(api, web, db):
    event = reception(
        at=NOW,
        person={
            "given_name": "Kevin",
            "family_name": "Saunders",
            "date_of_birth": "1980-01-02",
            "gender": "male",
        },
    )
    case_id = api.post("/events", json=event).json()["case_id"]
    row = f'data-case-id="{case_id}"'
    web.sign_in("durham")
    for query in ("Kevin Saunders", "saunders kevin", "Saunders, Kev", event["prison_number"]):
        page = web.get("/cases", params={"q": query}).text
        assert row in page, query
    assert row not in web.get("/cases", params={"q": "Kevin Morgan"}).text


def test_the_filtered_caseload_downloads_as_csv_in_words(api, web, db):
    received_case(api, at=NOW, release_in_days=20)
    received_case(api, at=NOW, release_in_days=300)
    web.sign_in("durham")
    answer = web.get("/cases.csv?weeks=4&housing=unresolved")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert len(rows) == 1
    assert rows[0]["Prison"] == "HMP Durham" and rows[0]["Stage"] == "Received"
    assert rows[0]["Housing status"] == "Not known"
    feed = type(web)(web.base)
    assert (
        feed.get("/cases.csv").status_code in (401, 403) or "sign-in" in feed.get("/cases.csv").url
    )


def _region_links(page_text: str, testid: str) -> dict[str, tuple[int, str]]:
    table = page_text[page_text.index(f'data-testid="{testid}"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r'<th scope="row"[^>]*>([^<]+)</th>.*?href="([^"]+)">(\d+)<', table)
    return {name: (int(n), href.replace("&amp;", "&")) for name, href, n in rows}


def test_an_admin_lands_on_the_national_picture_and_each_figure_leads_to_that_many(api, web, db):
    from sqlalchemy import update

    from resettlement.storage.db import session_scope
    from resettlement.storage.tables import Notification
    from resettlement.vocabulary import NotificationKind
    from tests.factories import FAR_AREA, FAR_PRISON
    from tests.notifications.helpers import enqueue, notify_policy, outbox, send

    soon = NOW - timedelta(days=10)
    received_case(api, at=soon, release_in_days=10)  # Durham (NE), to Newcastle (NE)
    received_case(api, at=soon, release_in_days=10, area=FAR_AREA)  # NE, to Cardiff (Wales)
    received_case(api, at=soon, release_in_days=10, prison=FAR_PRISON, area=FAR_AREA)
    received_case(api, at=soon, release_in_days=60)  # not within two weeks
    released(received_at=NOW - timedelta(days=60), released_at=NOW - timedelta(hours=2))
    policy = notify_policy()
    enqueue(policy, only=NotificationKind.handover_sent)
    send(policy)  # no Notify key: recorded, not sent
    with session_scope() as session:
        session.execute(update(Notification).values(status="failed"))
    assert len(outbox()) == 1

    page = web.sign_in("admin")
    assert page.url.endswith("/today")
    assert "Releasing in the next 14 days with housing unresolved, by region" in page.text
    releasing = _region_links(page.text, "releasing-by-region")
    assert {name: n for name, (n, _href) in releasing.items()} == {
        "North East": 2,
        "Wales": 2,
        "London": 1,
    }
    for name, (n, href) in releasing.items():
        assert listed_total(web, href) == n, name
    overdue = _region_links(page.text, "overdue-by-region")
    assert overdue["North East"][0] >= 3  # each reception's assessments fell due days ago
    for name, (n, href) in overdue.items():
        assert listed_total(web, href) == n, name
    failed = re.search(r'href="([^"]+)" data-testid="failed-notifications">(\d+)<', page.text)
    assert failed and failed.group(2) == "1"
    assert listed_total(web, failed.group(1).replace("&amp;", "&")) == 1
    assert 'data-testid="today-kpis"' in page.text and "nationally" in page.text
