"""The server: the v1 JSON API under /api/v1 and the web pages in one FastAPI app.

The one place the two adapters meet; neither imports the other.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from resettlement.api import errors
from resettlement.api.routes import (
    accommodation,
    assessments,
    cases,
    events,
    handovers,
    needs,
    person_link,
    pipeline,
    reference,
    referrals,
    release_plan,
    tasks,
    tenancy_checks,
)
from resettlement.needs.catalogue import get_catalogue
from resettlement.orchestration import orchestrator
from resettlement.person_view.content import get_person_page
from resettlement.policy import get_policy, get_reference
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
    needs,
    person_link,
)


# A delivery still running at shutdown is left to its claim's lease and the next daily run.
DELIVERY_STOP_WAIT_S = 5


@asynccontextmanager
async def _serving(_app: FastAPI) -> AsyncIterator[None]:
    """While the app serves: a handover opened by a release is delivered right away."""
    runner = orchestrator().start_delivery_on_release()  # loads the flows: only when serving
    try:
        yield
    finally:
        runner.stop(timeout=DELIVERY_STOP_WAIT_S)


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
    )
    api = APIRouter(prefix=API_PREFIX)
    for module in ROUTERS:
        api.include_router(module.router)
    app.include_router(api)
    errors.install(app)
    install_web(app)

    @app.get("/healthz", tags=["ops"])
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
