"""The front-end assets: GOV.UK and MoJ styles from node_modules at /assets; without them the
pages still work, unstyled."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from resettlement.web.app import ROOT, STATIC, asset_directories


def test_without_node_modules_only_the_services_own_assets_are_served(tmp_path):
    assert asset_directories(tmp_path / "node_modules") == [STATIC]


def test_fonts_and_images_are_found_before_the_compiled_css_and_scripts():
    found = asset_directories(ROOT / "node_modules")
    if len(found) == 1:
        pytest.skip("node_modules not installed (make setup runs npm ci)")
    names = [str(p.relative_to(ROOT / "node_modules")) for p in found[:4]]
    assert names == [
        "govuk-frontend/dist/govuk/assets",
        "@ministryofjustice/frontend/moj/assets",
        "govuk-frontend/dist/govuk",
        "@ministryofjustice/frontend/moj",
    ]


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/assets/app.css", "text/css"),
        ("/assets/app-init.js", "javascript"),
        ("/assets/govuk-frontend.min.css", "text/css"),
        ("/assets/moj-frontend.min.js", "javascript"),
        ("/assets/fonts/bold-b542beb274-v2.woff2", "font/woff2"),
        ("/assets/images/icon-arrow-black-up.svg", "image/svg+xml"),
    ],
)
def test_the_assets_the_pages_ask_for_are_served(server_url, path, kind):
    if "app" not in path and not (ROOT / "node_modules" / "govuk-frontend").is_dir():
        pytest.skip("node_modules not installed (make setup runs npm ci)")
    response = requests.get(server_url + path, timeout=30)
    assert response.status_code == 200 and kind in response.headers["content-type"]


def test_every_static_file_the_layout_links_exists():
    layout = (Path(STATIC).parent / "templates" / "base.html").read_text(encoding="utf-8")
    for name in ("app.css", "app-init.js", "app.mjs"):
        assert f"/assets/{name}" in layout and (STATIC / name).is_file()
