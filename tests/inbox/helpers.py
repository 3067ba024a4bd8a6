"""Receiving and processing inbox messages in tests, with test-sized timeouts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import col, select

from resettlement import clock
from resettlement.inbox.processing import process_inbox
from resettlement.inbox.store import Receipt, receive
from resettlement.policy import Policy, get_policy, get_reference
from resettlement.storage.db import get_engine, session_scope
from resettlement.storage.tables import Case, InboxMessage, PrisonEvent
from resettlement.sweeps import SweepResult

READ_TIMEOUT_S = 1.0  # shorter than a slow stand-in's answer


def fast(**changes: Any) -> Policy:
    """The shipped policy with test-sized search timeouts."""
    base = get_policy()
    rules = base.hmpps_events.model_copy(
        update={"search_connect_timeout_s": 1.0, "search_read_timeout_s": READ_TIMEOUT_S} | changes
    )
    return base.model_copy(update={"hmpps_events": rules})


def post(raw: Any) -> Receipt:
    """Receive one message as POST /hmpps-events does (committed)."""
    with session_scope() as session:
        return receive(session, raw, reference=get_reference(), now=clock.now())


def run(now: datetime | None = None, **kw: Any) -> SweepResult:
    """One inbox run."""
    policy = kw.pop("policy", None) or fast()
    return process_inbox(
        get_engine(), now=now or clock.now(), policy=policy, reference=get_reference(), **kw
    )


def messages() -> list[InboxMessage]:
    with session_scope(write=False) as session:
        return list(session.exec(select(InboxMessage).order_by(col(InboxMessage.seq))))


def cases_of(number: str) -> list[Case]:
    with session_scope(write=False) as session:
        query = select(Case).where(col(Case.prison_number) == number).order_by(col(Case.created_at))
        return list(session.exec(query))


def prison_events() -> list[PrisonEvent]:
    with session_scope(write=False) as session:
        return list(
            session.exec(
                select(PrisonEvent).order_by(
                    col(PrisonEvent.received_at), col(PrisonEvent.occurred_at)
                )
            )
        )
