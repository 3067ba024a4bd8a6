"""/docs: the API's interactive documentation (Swagger UI), for signed-in users only, its
scripts and styles served from this site (swagger-ui-dist from npm, at /assets/swagger-ui),
never from a CDN."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from resettlement.web.auth import Viewer
from resettlement.web.render import templates
from resettlement.web.routing import SECURITY_HEADERS, WebRoute

router = APIRouter(route_class=WebRoute, include_in_schema=False)
# Swagger UI sets inline styles on what it draws; scripts stay this site's own.
DOCS_CSP = SECURITY_HEADERS["Content-Security-Policy"].replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)


@router.get("/docs")
def docs(request: Request, _viewer: Viewer) -> Response:
    response = templates.TemplateResponse(request, "docs.html", {"openapi_url": "/openapi.json"})
    response.headers["Content-Security-Policy"] = DOCS_CSP
    return response
