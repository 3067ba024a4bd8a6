"""The server: the v1 JSON API under /api/v1 and the web pages in one FastAPI app.

The one place the two adapters meet; neither imports the other. Every request passes the gate
(resettlement/guard.py) first: body limits, authentication before any body is read, the
request's audit, no-store and HSTS headers. A database that is locked or away is a 503 with
Retry-After, never a hang or a 500.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import (
    DataError,
    DBAPIError,
    IntegrityError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout

from resettlement.access import audit
from resettlement.access.users import Principal
from resettlement.api import errors
from resettlement.api.deps import token_principal
from resettlement.api.routes import (
    accommodation,
    allocation,
    assessments,
    audit_trail,
    cases,
    contact,
    events,
    gaps,
    handovers,
    hmpps_events,
    matching,
    needs,
    notifications,
    people,
    person_link,
    pipeline,
    placements,
    reference,
    referrals,
    release_plan,
    services,
    tasks,
    tenancy_checks,
)
from resettlement.guard import RETRY_AFTER_S, Guard, unavailable_json
from resettlement.needs.catalogue import get_catalogue
from resettlement.orchestration import orchestrator
from resettlement.person_view.content import get_person_page
from resettlement.pipes.reads import health
from resettlement.policy import get_policy, get_reference
from resettlement.storage.db import session_scope
from resettlement.web.app import install_web, unavailable_page
from resettlement.web.auth import web_principal

API_PREFIX = "/api/v1"
# Every router of the v1 API; a new resource adds its module here.
ROUTERS = (
    reference,
    events,
    cases,
    assessments,
    referrals,
    accommodation,
    release_plan,
    tasks,
    handovers,
    tenancy_checks,
    pipeline,
    needs,
    person_link,
    allocation,
    audit_trail,
    people,
    hmpps_events,
    notifications,
    contact,
    services,
    matching,
    placements,
    gaps,
)
# The bodies a caller may send before signing in: the sign-in form, and the person's date of
# birth on their own one-time link (/p/<secret>: the link is its own key).
ANONYMOUS_POSTS = frozenset({"/sign-in", "/p/"})


# A pipes run still going at shutdown is left to its claims' leases and the next run.
PIPES_STOP_WAIT_S = 5
AUDIT_DRAIN_S = 10


@asynccontextmanager
async def _serving(_app: FastAPI) -> AsyncIterator[None]:
    """While the app serves, the pipes run right after the events that give them work (a
    release, an HMPPS event, a referral, ...) and again when retries fall due."""
    runner = orchestrator().start_pipes()  # loads the flows: only when serving
    # What is loaded by now lives as long as the process: out of the collector's sight, a full
    # collection walks only what requests made (one case's matches: p95 of 90 ms of CPU with
    # the startup heap walked, 22 ms without; bench/HISTORY.md). Garbage is collected first.
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        runner.stop(timeout=PIPES_STOP_WAIT_S)
        audit.drain(AUDIT_DRAIN_S)


def authenticate(request: Request) -> Principal | None:
    """The caller of a request from its headers alone: an API token, or a web session."""
    if request.url.path.startswith(("/api/", "/openapi.json")):
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        token = token.strip()
        return token_principal(token) if scheme.lower() == "bearer" and token else None
    return web_principal(request)


async def _database_unavailable(request: Request, _exc: Exception) -> Response:
    """A locked or unreachable database: 503 with Retry-After, never a 500 after a long wait."""
    if request.url.path.startswith(API_PREFIX):
        return unavailable_json()
    return unavailable_page(RETRY_AFTER_S)


async def _database_refused(request: Request, exc: Exception) -> Response:
    """A value the database would not take (409 for a key taken meanwhile, 422 for a value
    out of its range): the client's to correct or retry, not a server error."""
    conflict = isinstance(exc, IntegrityError)
    detail = (
        "the record changed meanwhile: read it again and retry"
        if conflict
        else "a value is out of the range the database accepts"
    )
    return JSONResponse({"detail": detail}, status_code=409 if conflict else 422)


def database_health() -> tuple[dict[str, Any], int]:
    """Whether the database answers (a plain SELECT 1, within a request's wait)."""
    try:
        with session_scope(write=False) as session:
            session.execute(text("SELECT 1"))
    except (DBAPIError, SQLAlchemyError) as exc:
        return {"status": "unavailable", "database": type(exc).__name__}, 503
    return {"status": "ok", "database": "ok"}, 200


def create_app() -> FastAPI:
    # Fail at start-up, naming the file and key, if the configuration is bad.
    get_policy()
    get_reference()
    get_catalogue()
    get_person_page()
    app = FastAPI(
        title="Resettlement Gateway",
        version="1.0",
        description="Community Gateway resettlement path: HACS, CARAT, joint release plans, "
        "CJIT handover and tenancy checks.",
        lifespan=_serving,
        docs_url=None,  # /docs is a page for signed-in users (web/docs_page.py), assets local
        redoc_url=None,
    )
    api = APIRouter(prefix=API_PREFIX)
    for module in ROUTERS:
        api.include_router(module.router)
    app.include_router(api)
    errors.install(app)
    for unavailable in (OperationalError, InterfaceError, PoolTimeout):
        app.add_exception_handler(unavailable, _database_unavailable)
    for refused in (IntegrityError, DataError):
        app.add_exception_handler(refused, _database_refused)
    install_web(app)

    @app.get("/healthz", tags=["ops"])
    def healthz() -> JSONResponse:
        """Whether the database answers; and how many rows each pipe has waiting and failed."""
        body, status = database_health()
        if status == 503:
            return JSONResponse(body, status_code=503, headers={"Retry-After": str(RETRY_AFTER_S)})
        with session_scope(write=False) as session:
            body["pipes"] = health(session)
        return JSONResponse(body)

    app.add_middleware(
        Guard,
        authenticate=authenticate,
        anonymous_posts=ANONYMOUS_POSTS,
        api_prefixes=("/api/", "/openapi.json"),
    )
    return app
