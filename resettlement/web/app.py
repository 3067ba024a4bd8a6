"""The web pages inside the FastAPI app: the routers, /assets, and HTML 404 pages.

The GOV.UK and MoJ styles, scripts, fonts and images are served from node_modules (installed by
`npm ci` in `make setup`) at /assets; without them the pages still work, unstyled.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from resettlement.web import (
    allocation_pages,
    assessment_forms,
    audit_pages,
    auth,
    case_pages,
    caseload,
    caseload_csv,
    cjit_pages,
    contact_forms,
    csv_export,
    docs_page,
    gaps_pages,
    help_pages,
    housing_forms,
    need_pages,
    person_link_page,
    person_pages,
    pipes_pages,
    placement_pages,
    plan_pages,
    rom_pages,
    service_pages,
    task_done_pages,
    task_pages,
    today_pages,
    user_pages,
)
from resettlement.web.routing import not_found

ROOT = Path(__file__).resolve().parents[2]
STATIC = Path(__file__).resolve().parent / "static"
ROUTERS = (
    auth,
    today_pages,
    caseload_csv,
    caseload,
    case_pages,
    assessment_forms,
    contact_forms,
    housing_forms,
    placement_pages,
    pipes_pages,
    need_pages,
    allocation_pages,
    person_link_page,
    person_pages,
    plan_pages,
    task_pages,
    task_done_pages,
    cjit_pages,
    rom_pages,
    gaps_pages,
    service_pages,
    csv_export,
    user_pages,
    audit_pages,
    docs_page,
    help_pages,
    pipes_pages,
    contact_forms,
)
API_PATHS = ("/api/", "/docs", "/redoc", "/openapi.json", "/assets/", "/healthz")


def asset_directories(node_modules: Path) -> list[Path]:
    """Where /assets/... is looked up, in order: fonts and images first (the CSS asks for
    /assets/fonts/... and /assets/images/...), then the compiled CSS and JS, then our own."""
    govuk = node_modules / "govuk-frontend" / "dist" / "govuk"
    moj = node_modules / "@ministryofjustice" / "frontend" / "moj"
    candidates = [govuk / "assets", moj / "assets", govuk, moj, STATIC]
    return [d for d in candidates if d.is_dir()]


class Assets(StaticFiles):
    """StaticFiles over several folders: the first holding the path wins."""

    def __init__(self, directories: list[Path]) -> None:
        self._directories = directories
        super().__init__(directory=None, check_dir=False)

    def get_directories(self, directory: Any = None, packages: Any = None) -> list[Any]:
        return list(self._directories)


async def _not_found_page(request: Request, exc: Exception) -> Response:
    """A 404 for a person in a browser is a page; for a program (or the API) it stays JSON."""
    assert isinstance(exc, StarletteHTTPException)
    wants_html = "text/html" in request.headers.get("accept", "")
    if exc.status_code == 404 and wants_html and not request.url.path.startswith(API_PATHS):
        return not_found(request)
    return await http_exception_handler(request, exc)


def unavailable_page(retry_after_s: int) -> Response:
    """The database is busy or away: a page that needs nothing from it (no session, no user)."""
    body = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>Sorry, the service is busy - Resettlement Gateway</title>"
        '<link rel="stylesheet" href="/assets/govuk-frontend.min.css"></head>'
        '<body class="govuk-template__body"><main class="govuk-main-wrapper govuk-width-container">'
        '<h1 class="govuk-heading-l">Sorry, the service is busy</h1>'
        f'<p class="govuk-body">Try again in {retry_after_s} seconds.</p></main></body></html>'
    )
    headers = {"Retry-After": str(retry_after_s), "Cache-Control": "no-store"}
    return HTMLResponse(body, status_code=503, headers=headers)


def install_web(app: FastAPI, *, node_modules: Path | None = None) -> None:
    """Mount the pages at / and the front-end assets at /assets (Swagger UI's under it)."""
    for module in ROUTERS:
        app.include_router(module.router)
    modules = node_modules or ROOT / "node_modules"
    swagger = modules / "swagger-ui-dist"
    app.mount("/assets/swagger-ui", StaticFiles(directory=swagger, check_dir=False))
    app.mount("/assets", Assets(asset_directories(modules)))
    app.add_exception_handler(StarletteHTTPException, _not_found_page)
