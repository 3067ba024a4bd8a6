"""Screenshots of each role's today page and the CJIT handover page, at 1280 and 390 px.

    .venv/bin/resettle demo --seed 15 --port 8615      # in one shell; note the passwords
    .venv/bin/python docs/screenshots/take.py http://127.0.0.1:8615 \\
        prison=USER:PASSWORD cjit=USER:PASSWORD rom=USER:PASSWORD admin=USER:PASSWORD

Uses Debian's /usr/bin/chromium through Playwright (as tests/browser does).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
WIDTHS = {"1280": {"width": 1280, "height": 900}, "390": {"width": 390, "height": 844}}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def sign_in(page: Any, username: str, password: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_test_id("signed-in-user").wait_for()


def shoot(browser: Any, base: str, role: str, username: str, password: str) -> None:
    for label, viewport in WIDTHS.items():
        context = browser.new_context(base_url=base, viewport=viewport)
        page = context.new_page()
        sign_in(page, username, password)
        page.goto("/today")
        page.screenshot(path=str(HERE / f"today-{role}-{label}.png"), full_page=True)
        if role == "cjit":
            page.goto("/handovers?tab=new")
            accept = page.locator("main a[href$='/accept']")
            if not accept.count():
                print(f"no new handover to show at {label} px: handover-cjit kept as it was")
                context.close()
                continue
            accept.first.click()
            page.locator("#accept-form").wait_for()
            page.screenshot(path=str(HERE / f"handover-cjit-{label}.png"), full_page=True)
        context.close()


def main(base: str, logins: list[str]) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for login in logins:
            role, _, who = login.partition("=")
            username, _, password = who.partition(":")
            shoot(browser, base, role, username, password)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
