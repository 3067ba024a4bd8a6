"""The pipes page (admin): the HMPPS events coming in, the GOV.UK Notify messages and the
handovers going out: how many wait, are done or failed, each failure with its last error, and a
retry for what was given up on. Same reads and commands as GET /hmpps-events, GET
/notifications and their retry routes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from resettlement.access.scope import require_role
from resettlement.handover import outbox as handover_outbox
from resettlement.inbox.commands import retry_inbox_message
from resettlement.inbox.reads import list_inbox
from resettlement.notifications.commands import retry_notification
from resettlement.notifications.reads import NotificationFilters, list_notifications
from resettlement.paging import Window
from resettlement.pipes.reads import handover_deliveries, pipe_states
from resettlement.storage.db import session_scope
from resettlement.vocabulary import DeliveryState, InboxStatus, NotificationKind, NotificationStatus
from resettlement.web.auth import Form, Viewer
from resettlement.web.filters import choices
from resettlement.web.paging import PAGE_SIZE, Pager, page_cursor, page_number
from resettlement.web.render import redirect, render
from resettlement.web.routing import WebRoute

router = APIRouter(route_class=WebRoute, include_in_schema=False)
TABS = {"messages": "Messages (GOV.UK Notify)", "inbox": "HMPPS events", "handovers": "Handovers"}


def _choice(request: Request, name: str, allowed: type[Any]) -> Any:
    raw = request.query_params.get(name) or None
    return allowed(raw) if raw in {v.value for v in allowed} else None


def _tab_rows(request: Request, tab: str, page: int) -> dict[str, Any]:
    cursor = page_cursor(request)
    status_enum = {"messages": NotificationStatus, "inbox": InboxStatus, "handovers": DeliveryState}
    status = _choice(request, "status", status_enum[tab])
    kind = _choice(request, "kind", NotificationKind) if tab == "messages" else None
    rows: list[Any]
    with session_scope(write=False) as session:
        if tab == "messages":
            filters = NotificationFilters(kind=kind, status=status)
            listing = list_notifications(session, filters, Window(page, PAGE_SIZE, cursor))
            rows, total, following = listing.rows, listing.total, listing.next_cursor
        elif tab == "inbox":
            window = Window(page, PAGE_SIZE, cursor)
            found = list_inbox(session, status=status, prison_number=None, window=window)
            rows, total, following = found.rows, found.total, found.next_cursor
        else:
            state = status or DeliveryState.failed
            rows, total = handover_deliveries(session, state, page=page, page_size=PAGE_SIZE)
            following = None
            status = state
    params = {"tab": tab} | ({"status": status.value} if status else {})
    params |= {"kind": kind.value} if kind else {}
    return {
        "rows": rows,
        "status": status.value if status else "",
        "kind": kind.value if kind else "",
        "statuses": choices(status_enum[tab]),
        "kinds": choices(NotificationKind),
        "pager": Pager(page, total, PAGE_SIZE, params, "/pipes", following),
    }


@router.get("/pipes")
def pipes_page(request: Request, viewer: Viewer) -> Response:
    require_role(viewer)  # admins only
    tab = request.query_params.get("tab", "messages")
    tab = tab if tab in TABS else "messages"
    with session_scope(write=False) as session:
        states = pipe_states(session)
    context = {"pipes": states, "tab": tab, "tabs": TABS} | _tab_rows(
        request, tab, page_number(request)
    )
    return render(request, "pipes.html", context)


@router.post("/pipes/messages/{notification_id}/retry")
def retry_message(request: Request, notification_id: str, viewer: Viewer, _form: Form) -> Response:
    require_role(viewer)
    with session_scope() as session:
        retry_notification(session, notification_id)
    return redirect(request, "/pipes?tab=messages", flash="The message will be sent again now")


@router.post("/pipes/inbox/{seq}/retry")
def retry_event(request: Request, seq: int, viewer: Viewer, _form: Form) -> Response:
    require_role(viewer)
    with session_scope() as session:
        retry_inbox_message(session, seq)
    return redirect(request, "/pipes?tab=inbox", flash="The event will be processed again now")


@router.post("/pipes/handovers/{handover_id}/retry")
def retry_delivery(request: Request, handover_id: str, viewer: Viewer, _form: Form) -> Response:
    require_role(viewer)
    with session_scope() as session:
        handover_outbox.retry(session, handover_id)
    return redirect(request, "/pipes?tab=handovers", flash="The handover will be delivered now")
