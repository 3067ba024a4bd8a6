"""The server: the v1 JSON API under /api/v1 and the web pages in one FastAPI app.

The one place the two adapters meet; neither imports the other.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI

from resettlement.api import errors
from resettlement.api.routes import (
    accommodation,
    assessments,
    cases,
    contact,
    events,
    handovers,
    hmpps_events,
    notifications,
    pipeline,
    reference,
    referrals,
    release_plan,
    tasks,
    tenancy_checks,
)
from resettlement.orchestration import orchestrator
from resettlement.pipes.reads import health
from resettlement.policy import get_policy, get_reference
from resettlement.storage.db import session_scope
from resettlement.web.app import install_web

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
    hmpps_events,
    notifications,
    contact,
)


# A pipes run still going at shutdown is left to its claims' leases and the next run.
PIPES_STOP_WAIT_S = 5


@asynccontextmanager
async def _serving(_app: FastAPI) -> AsyncIterator[None]:
    """While the app serves, the pipes run right after the events that give them work (a
    release, an HMPPS event, a referral, ...) and again when retries fall due."""
    runner = orchestrator().start_pipes()  # loads the flows: only when serving
    try:
        yield
    finally:
        runner.stop(timeout=PIPES_STOP_WAIT_S)


def create_app() -> FastAPI:
    # Fail at start-up, naming the file and key, if the configuration is bad.
    get_policy()
    get_reference()
    app = FastAPI(
        title="Resettlement Gateway",
        version="1.0",
        description="Community Gateway resettlement path: HACS, CARAT, joint release plans, "
        "CJIT handover and tenancy checks.",
        lifespan=_serving,
    )
    api = APIRouter(prefix=API_PREFIX)
    for module in ROUTERS:
        api.include_router(module.router)
    app.include_router(api)
    errors.install(app)
    install_web(app)

    @app.get("/healthz", tags=["ops"])
    def healthz() -> dict[str, Any]:
        """Up; and how many rows each pipe has waiting and failed (counts only)."""
        with session_scope(write=False) as session:
            return {"status": "ok", "pipes": health(session)}

    return app
