"""The help page and the accessibility statement: open to anyone, signed in or not."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from resettlement.web.render import render
from resettlement.web.routing import WebRoute

router = APIRouter(route_class=WebRoute, include_in_schema=False)


@router.get("/help")
def help_page(request: Request) -> Response:
    return render(request, "help.html")


@router.get("/accessibility")
def accessibility_statement(request: Request) -> Response:
    return render(request, "accessibility.html")
