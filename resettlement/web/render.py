"""Rendering pages: the Jinja2 environment, the layout's context, redirects with a flash message."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from resettlement.access.users import Principal
from resettlement.vocabulary import Role
from resettlement.web import filters, session, timeline_words

TEMPLATES = Path(__file__).resolve().parent / "templates"
SERVICE_NAME = "Resettlement Gateway"

templates = Jinja2Templates(directory=str(TEMPLATES))
filters.install(templates.env)
templates.env.filters.update(
    data_value=timeline_words.value_words, data_key_shown=timeline_words.key_shown
)


@dataclass(frozen=True)
class NavItem:
    href: str
    text: str


# The service navigation each role sees (admins see everything).
TODAY = NavItem("/today", "Today")
MY_CASES = NavItem("/my-cases", "My cases")
MY_TASKS = NavItem("/tasks?assignee=me", "My tasks")
WORKLOAD = NavItem("/workload", "Workload")
SERVICES = NavItem("/services", "Services")
GAPS = NavItem("/gaps", "Gaps")
NAV: dict[Role, tuple[NavItem, ...]] = {
    Role.prison_staff: (
        TODAY,
        NavItem("/cases", "Caseload"),
        MY_CASES,
        MY_TASKS,
        NavItem("/tasks", "Tasks"),
        WORKLOAD,
        SERVICES,
    ),
    Role.cjit_worker: (
        TODAY,
        NavItem("/handovers", "Handovers"),
        NavItem("/cases", "Cases"),
        MY_CASES,
        MY_TASKS,
        NavItem("/tasks", "Tasks"),
        WORKLOAD,
        SERVICES,
    ),
    Role.rom: (
        TODAY,
        NavItem("/pipeline", "Pipeline"),
        GAPS,
        NavItem("/cases", "Cases"),
        NavItem("/tasks", "Tasks"),
        WORKLOAD,
        SERVICES,
    ),
    Role.admin: (
        TODAY,
        NavItem("/cases", "Caseload"),
        NavItem("/tasks", "Tasks"),
        NavItem("/handovers", "Handovers"),
        NavItem("/pipeline", "Pipeline"),
        GAPS,
        SERVICES,
        WORKLOAD,
        NavItem("/users", "Users"),
        NavItem("/audit", "Audit"),
        NavItem("/pipes", "Pipes"),
    ),
    Role.feed: (),
}
HOME: dict[Role, str] = {
    Role.prison_staff: "/today",
    Role.cjit_worker: "/today",
    Role.rom: "/today",
    Role.admin: "/today",
    Role.feed: "/sign-in",
}


def principal_of(request: Request) -> Principal | None:
    return getattr(request.state, "web_principal", None)


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    """A page in the layout: the signed-in user, the navigation, the CSRF token, any flash."""
    web_session = session.load(request)
    principal = principal_of(request)
    page = {
        "request": request,
        "service_name": SERVICE_NAME,
        "principal": principal,
        "nav": NAV[principal.role] if principal else (),
        "current_path": request.url.path,
        "csrf_token": web_session.csrf,
        **_flash(web_session.take_flash()),
        "errors": {},
        "error_list": [],
        "values": {},
        **(context or {}),
    }
    response = templates.TemplateResponse(request, template, page, status_code=status)
    session.save(request, response, web_session)
    return response


WARNING = "warning:"  # a flash kept with this prefix is shown as a warning, not a success


def _flash(message: str | None) -> dict[str, Any]:
    if message and message.startswith(WARNING):
        return {"flash": message.removeprefix(WARNING), "flash_kind": "warning"}
    return {"flash": message, "flash_kind": "success"}


def redirect(
    request: Request, url: str, *, flash: str | None = None, warning: str | None = None
) -> RedirectResponse:
    """303 See Other after a form: the next page shows `flash` in a success banner, or
    `warning` in an important-information banner (the action left work unfinished)."""
    web_session = session.load(request)
    if warning:
        web_session.set_flash(WARNING + warning)
    elif flash:
        web_session.set_flash(flash)
    response = RedirectResponse(url, status_code=303)
    session.save(request, response, web_session)
    return response
