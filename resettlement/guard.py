"""The gate every HTTP request passes before the API or a page sees it.

- A body over MAX_BODY_BYTES is answered 413 before any of it is read: at once when its
  Content-Length says so, else as soon as the bytes read pass the limit.
- No body is read before its caller is authenticated (an API token, a signed-in session): an
  anonymous POST is answered 401 (or sent to the sign-in page) unread, except the sign-in form
  itself and the person's date of birth on their own link, which may carry
  ANONYMOUS_BODY_BYTES at most (`anonymous_posts`: exact paths, or prefixes ending in `/`).
- The request's audit rows are collected and written, in one insert, just before its answer
  starts (access/audit.py); a request waits at most REQUEST_WAIT_MS for a database lock.
- Every API answer says `Cache-Control: no-store`; over https every answer carries HSTS.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import anyio
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from resettlement.access import audit
from resettlement.access.users import Principal
from resettlement.storage.db import REQUEST_WAIT_MS, waiting_at_most

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Authenticate = Callable[[Request], Principal | None]

MAX_BODY_BYTES = 1024 * 1024
ANONYMOUS_BODY_BYTES = 16 * 1024
RETRY_AFTER_S = 5
HSTS = "max-age=31536000; includeSubDomains"
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
UNAVAILABLE = "the database is busy or unreachable: try again shortly"


class BodyTooLarge(HTTPException):
    """The request body passed the limit while it was being read (413, whoever was reading)."""

    def __init__(self) -> None:
        super().__init__(413, f"request body over {MAX_BODY_BYTES} bytes")


def unavailable_json() -> Response:
    headers = {"Retry-After": str(RETRY_AFTER_S), "Cache-Control": "no-store"}
    return JSONResponse({"detail": UNAVAILABLE}, status_code=503, headers=headers)


def _too_large(limit: int) -> Response:
    return JSONResponse({"detail": f"request body over {limit} bytes"}, status_code=413)


def _length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class Guard:
    """ASGI middleware: body limits, authentication before the body, audit, answer headers."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        authenticate: Authenticate,
        anonymous_posts: frozenset[str],
        api_prefixes: tuple[str, ...],
    ) -> None:
        self.app = app
        self.authenticate = authenticate
        self.anonymous_posts = anonymous_posts
        self.api_prefixes = api_prefixes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with waiting_at_most(REQUEST_WAIT_MS), audit.collecting() as batch:
            refusal, limit = await self._admit(scope)
            if refusal is not None:
                await refusal(scope, receive, send)
                return
            await self._serve(scope, _counted(receive, limit), send, batch)

    def _anonymous(self, path: str) -> bool:
        """A path whose POST needs no signed-in caller."""
        return path in self.anonymous_posts or any(
            path.startswith(p) for p in self.anonymous_posts if p.endswith("/")
        )

    async def _admit(self, scope: Scope) -> tuple[Response | None, int]:
        """A refusal before the body is read (or None), and how many bytes it may have."""
        path, length = scope["path"], _length(scope)
        if length is not None and length > MAX_BODY_BYTES:
            return _too_large(MAX_BODY_BYTES), 0
        if scope["method"] not in BODY_METHODS:
            return None, MAX_BODY_BYTES
        if self._anonymous(path):
            if length is not None and length > ANONYMOUS_BODY_BYTES:
                return _too_large(ANONYMOUS_BODY_BYTES), 0
            return None, ANONYMOUS_BODY_BYTES
        try:
            principal = await anyio.to_thread.run_sync(self.authenticate, Request(scope))
        except (DBAPIError, SQLAlchemyError):
            return unavailable_json(), 0
        if principal is not None:
            scope.setdefault("state", {})["principal"] = principal
            return None, MAX_BODY_BYTES
        if path.startswith(self.api_prefixes):
            headers = {"WWW-Authenticate": "Bearer"}
            detail = {"detail": "authentication required"}
            return JSONResponse(detail, status_code=401, headers=headers), 0
        return RedirectResponse("/sign-in", status_code=303), 0

    async def _serve(self, scope: Scope, receive: Receive, send: Send, batch: Any) -> None:
        api = scope["path"].startswith(self.api_prefixes)
        https = scope.get("scheme") == "https"
        started = False

        async def answer(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start" and not started:
                started = True
                await anyio.to_thread.run_sync(audit.flush, batch)
                headers = message.setdefault("headers", [])
                if api:
                    headers.append((b"cache-control", b"no-store"))
                if https:
                    headers.append((b"strict-transport-security", HSTS.encode()))
            await send(message)

        try:
            await self.app(scope, receive, answer)
        except BodyTooLarge:
            if not started:
                await _too_large(MAX_BODY_BYTES)(scope, receive, answer)
        finally:
            if not started:  # the app failed before answering: its audit rows still count
                await anyio.to_thread.run_sync(audit.flush, batch)


def _counted(receive: Receive, limit: int) -> Receive:
    """`receive`, refusing the body once more than `limit` bytes of it have come."""
    seen = 0

    async def counted() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge()
        return message

    return counted
