"""The web pages' route class: a refusal becomes an HTML page (or the sign-in page), never JSON.

Outside the caller's scope a case is a 404 page (as if it did not exist); a role that may not
do something at all is a 403 page; a form posted without its CSRF token is a 403 page; a
request that needs a signed-in user goes to the sign-in page and comes back afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import quote

from fastapi import Request, Response
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute

from resettlement.cases.stages import IllegalTransition
from resettlement.errors import Forbidden, NotFound, ServiceError
from resettlement.web.labels import in_words
from resettlement.web.render import render


class SignInRequired(Exception):
    """Nobody is signed in (or the session expired, or the user was deactivated)."""


class CsrfRefused(Exception):
    """A form arrived without the session's CSRF token."""


def safe_next(target: str | None, default: str) -> str:
    """Only a path on this site (never //host or a scheme) may be a place to come back to."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return default


def error_page(request: Request, status: int, title: str, message: str) -> Response:
    return render(
        request, "error.html", {"title": title, "message": message, "status": status}, status
    )


def not_found(request: Request, message: str = "") -> Response:
    return error_page(
        request,
        404,
        "Page not found",
        message or "If you typed the web address, check it is correct.",
    )


# Pages hold personal data: never cached, never framed, scripts and styles from this site only.
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
    ),
}


class WebRoute(APIRoute):
    """An APIRoute whose refusals render the service's error pages."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            response = await _refusals_as_pages(handler, request)
            for name, value in SECURITY_HEADERS.items():
                response.headers.setdefault(name, value)
            return response

        return guarded


async def _refusals_as_pages(
    handler: Callable[[Request], Coroutine[Any, Any, Response]], request: Request
) -> Response:
    try:
        return await handler(request)
    except SignInRequired:
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        target = quote(safe_next(here, "/"), safe="/")
        return RedirectResponse(f"/sign-in?next={target}", status_code=303)
    except CsrfRefused:
        return error_page(
            request,
            403,
            "This form could not be accepted",
            "The form was sent without a valid security token: it may have expired. "
            "Go back, reload the page and try again.",
        )
    except NotFound:
        return not_found(request)
    except Forbidden as exc:
        return error_page(request, 403, "You cannot do this", in_words(str(exc)))
    except IllegalTransition as exc:
        return error_page(request, 409, "This cannot be done now", in_words(str(exc)))
    except ServiceError as exc:
        message = in_words(str(exc))
        return error_page(request, exc.status_code, "This cannot be done now", message)
