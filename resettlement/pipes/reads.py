"""The pipes at a glance, for the admin's pipes page and /healthz: how many rows of each pipe
are in each state, the oldest still waiting, and what has failed with its last error."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session, col

from resettlement.storage.tables import Handover, InboxMessage, Notification
from resettlement.vocabulary import (
    DeliveryState,
    InboxStatus,
    NotificationStatus,
)


@dataclass(frozen=True)
class Pipe:
    """One pipe: its states in order, and the columns that say where each row stands."""

    name: str
    title: str
    states: tuple[str, ...]
    waiting: str
    failed: str
    table: Any
    state: Any
    since: Any  # when a row arrived in the pipe


PIPES = (
    Pipe(
        "inbox",
        "HMPPS events in",
        tuple(s.value for s in InboxStatus),
        InboxStatus.pending.value,
        InboxStatus.failed.value,
        InboxMessage,
        col(InboxMessage.status),
        col(InboxMessage.received_at),
    ),
    Pipe(
        "notifications",
        "GOV.UK Notify out",
        tuple(s.value for s in NotificationStatus),
        NotificationStatus.pending.value,
        NotificationStatus.failed.value,
        Notification,
        col(Notification.status),
        col(Notification.created_at),
    ),
    Pipe(
        "handovers",
        "Handovers to CJIT case systems",
        tuple(s.value for s in DeliveryState),
        DeliveryState.pending.value,
        DeliveryState.failed.value,
        Handover,
        col(Handover.delivery_state),
        col(Handover.released_at),
    ),
)


@dataclass(frozen=True)
class PipeState:
    name: str
    title: str
    counts: dict[str, int]  # every state, zeros included, in the pipe's order
    oldest_waiting: datetime | None

    @property
    def waiting(self) -> int:
        return self.counts.get(PIPE_BY_NAME[self.name].waiting, 0)

    @property
    def failed(self) -> int:
        return self.counts.get(PIPE_BY_NAME[self.name].failed, 0)


PIPE_BY_NAME = {p.name: p for p in PIPES}


def pipe_states(session: Session) -> list[PipeState]:
    """Each pipe's rows per state (one GROUP BY each) and its oldest waiting row."""
    out = []
    for pipe in PIPES:
        found = dict(session.execute(select(pipe.state, func.count()).group_by(pipe.state)).all())
        oldest = session.execute(
            select(func.min(pipe.since)).where(pipe.state == pipe.waiting)
        ).scalar()
        counts = {state: int(found.get(state, 0)) for state in pipe.states}
        out.append(PipeState(pipe.name, pipe.title, counts, oldest))
    return out


def health(session: Session) -> dict[str, dict[str, int]]:
    """For /healthz: rows waiting and failed in each pipe."""
    return {p.name: {"waiting": p.waiting, "failed": p.failed} for p in pipe_states(session)}


def next_due(session: Session, now: datetime) -> datetime | None:
    """When the earliest waiting row of the inbox or the Notify outbox falls due (`now` if one
    is due already, or has no due time); None when nothing waits."""
    dues = []
    for table, pending in (
        (InboxMessage, InboxStatus.pending.value),
        (Notification, NotificationStatus.pending.value),
    ):
        due = col(table.next_attempt_at)
        unset, earliest = session.execute(
            select(func.count().filter(due.is_(None)), func.min(due)).where(
                col(table.status) == pending
            )
        ).one()
        if unset:
            return now
        if earliest is not None:
            dues.append(max(earliest, now))
    return min(dues, default=None)


@dataclass(frozen=True)
class DeliveryRow:
    id: str
    case_id: str
    area: str | None
    delivery_state: str
    attempts: int
    last_error: str | None
    released_at: datetime


def handover_deliveries(
    session: Session, state: DeliveryState, *, page: int, page_size: int
) -> tuple[list[DeliveryRow], int]:
    """Handovers in one delivery state, latest release first; and how many in all."""
    where = col(Handover.delivery_state) == state.value
    total = session.execute(select(func.count()).select_from(Handover).where(where)).scalar()
    rows = session.execute(
        select(
            col(Handover.id),
            col(Handover.case_id),
            col(Handover.area),
            col(Handover.delivery_state),
            col(Handover.delivery_attempts),
            col(Handover.delivery_last_error),
            col(Handover.released_at),
        )
        .where(where)
        .order_by(col(Handover.released_at).desc(), col(Handover.id))
        .offset((page - 1) * page_size)
        .limit(page_size)
    ).all()
    return [DeliveryRow(*row) for row in rows], int(total or 0)
