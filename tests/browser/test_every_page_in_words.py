"""Each role's today page and its drill-downs, in headless Chromium: axe-core finds no serious or
critical violation on any page walked, and no page's text shows a raw code of the vocabulary, an
ISO date or time, or an id. The caseload fits a 390 px phone; /docs works on a closed network."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import TIMEOUT_MS
from tests.browser.test_journeys import sign_in
from tests.conftest import NOW
from tests.factories import (
    give_web_passwords,
    planned_case,
    received_case,
    released,
)
from tests.web.test_labels import every_code

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?")
UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I)
# Codes with an underscore never read as English; "nfa" is the one short code that does not.
CODES = [c for c in every_code() if "_" in c] + ["nfa"]
CODE = re.compile(r"\b(" + "|".join(map(re.escape, CODES)) + r")\b")
SERIOUS = ("serious", "critical")
PHONE = {"width": 390, "height": 844}
ROLES = {
    "durham-hacs": ("/cases", "/tasks", "/help", "/accessibility"),
    "newcastle": ("/handovers", "/tasks", "/cases"),
    "rom-ne": ("/pipeline", "/cases", "/tasks"),
    "admin": ("/pipeline", "/cases", "/tasks", "/pipes"),
}


@pytest.fixture
def world(api: Any, db: Any) -> Any:
    """People at each point of the path: planned, releasing soon, just received, released."""
    give_web_passwords()
    planned_case(api, at=NOW)
    received_case(api, at=NOW - timedelta(days=60), release_in_days=70)
    received_case(api, at=NOW - timedelta(days=30), release_in_days=10)
    received_case(api, at=NOW - timedelta(days=5), release_in_days=200)
    released(received_at=NOW - timedelta(days=90), released_at=NOW - timedelta(hours=3))
    released(received_at=NOW - timedelta(days=200), released_at=NOW - timedelta(days=10))
    return api


@pytest.fixture
def tab(chromium: Any, server_url: str) -> Iterator[Any]:
    """A browser tab where axe can be injected (the pages' CSP allows only this site's scripts)."""
    context = chromium.new_context(base_url=server_url, bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def axe_problems(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
             .map(v => ({id: v.id, impact: v.impact,
                         nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"""
    )
    return [f"{v['id']} ({v['impact']}): {v['nodes']}" for v in found if v["impact"] in SERIOUS]


def words_problems(page: Any) -> list[str]:
    text = page.locator("body").inner_text()
    problems = [f"code {m.group(0)!r}" for m in CODE.finditer(text)]
    problems += [f"ISO date {m.group(0)!r}" for m in ISO.finditer(text)]
    problems += [f"id {m.group(0)!r}" for m in UUID.finditer(text)]
    return problems


def check(page: Any, path: str, seen: dict[str, list[str]]) -> None:
    if path in seen:
        return
    page.goto(path)
    seen[path] = axe_problems(page) + words_problems(page)


def drill_downs(page: Any) -> list[str]:
    """The today page's counts (and those in its tables: by prison, area or region, failed
    messages), and the first person and handover it lists."""
    links = [a.get_attribute("href") for a in page.locator("a[data-testid^='count-']").all()]
    links += [
        a.get_attribute("href")
        for a in page.locator("main td a").all()
        if not (a.get_attribute("href") or "").startswith(("/cases/", "/handovers/"))
    ]
    for selector in ("main a[href^='/cases/']", "main a[href^='/handovers/']"):
        first = page.locator(selector).first
        if first.count():
            links.append(first.get_attribute("href"))
    return [link for link in links if link]


@pytest.mark.parametrize("username", list(ROLES))
def test_each_role_walks_today_and_its_drill_downs_in_plain_words_with_no_serious_axe_issue(
    tab: Any, world: Any, username: str
) -> None:
    sign_in(tab, username)
    assert urlparse(tab.url).path == "/today"
    seen: dict[str, list[str]] = {}
    check(tab, "/today", seen)
    targets = drill_downs(tab)
    assert targets, "the today page links to its lists"
    for path in [*targets, *ROLES[username]]:
        check(tab, path, seen)
    # one step further: the first case each list leads to
    for path in list(seen):
        tab.goto(path)
        first = tab.locator("main a[href^='/cases/']").first
        if first.count():
            check(tab, first.get_attribute("href"), seen)
    problems = {path: found for path, found in seen.items() if found}
    assert not problems, problems
    assert len(seen) >= 5
    if username == "admin":  # the national figures lead to each region's list and the pipes
        assert any("region=" in path for path in seen) and any("/pipes?" in p for p in seen)


def test_the_cjit_handover_page_puts_the_accept_form_first_and_reads_as_words(
    tab: Any, world: Any
) -> None:
    sign_in(tab, "newcastle")
    tab.locator("main a[href^='/handovers/']").first.click()
    form = tab.locator("#accept-form").bounding_box()
    packet = tab.get_by_test_id("packet").bounding_box()
    assert form and packet and form["y"] < packet["y"]
    assert tab.get_by_role("heading", name="Appointments").is_visible()
    assert not axe_problems(tab) and not words_problems(tab)


def test_the_caseload_and_today_fit_a_390_px_phone(chromium: Any, server_url: str, world: Any):
    context = chromium.new_context(base_url=server_url, viewport=PHONE, is_mobile=True)
    context.set_default_timeout(TIMEOUT_MS)
    phone = context.new_page()
    sign_in(phone, "durham")
    for path in ("/today", "/cases", "/cases?custody=any"):
        phone.goto(path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (path, width)
    context.close()


def test_the_api_docs_load_on_a_closed_network(tab: Any, world: Any, server_url: str) -> None:
    loopback = urlparse(server_url).netloc
    outside: list[str] = []

    def only_loopback(route: Any) -> None:
        if urlparse(route.request.url).netloc == loopback:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    tab.route("**/*", only_loopback)
    sign_in(tab, "admin")
    tab.goto("/docs")
    tab.locator(".swagger-ui .information-container").wait_for()
    assert tab.get_by_text("GET").first.is_visible() or tab.locator(".opblock").count() > 0
    assert not outside, outside
