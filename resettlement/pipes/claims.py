"""Claims with a lease: how a row of an inbox or outbox is worked on by one run at a time.

A run takes a row with one conditional UPDATE: only while the row waits (its state is one of
`waiting` and, where the row has a due time, that time has come) or while a claim on it is older
than the lease (the run that took it crashed), setting the busy state and the claim time. The
run then writes its outcome only while its claim holds (the claim time is still its own): a run
whose claim went stale and was taken over writes nothing. Each UPDATE is its own transaction,
so however many runs and workers there are, a row is never worked on twice at once.

Shared by the handover outbox, the GOV.UK Notify outbox and the HMPPS event inbox, with the
backoff between attempts and the wording of a failure as it is stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, or_, select, update
from sqlmodel import Session

from resettlement.errors import Conflict, NotFound

MAX_ERROR_CHARS = 500


@dataclass(frozen=True)
class Lease:
    """The claim columns of one table: its key, state, claim time and (optional) due time."""

    table: Any
    key: Any
    state: Any
    claimed_at: Any
    waiting: tuple[str, ...]
    busy: str
    due: Any = None

    def claimable(self, now: datetime, lease: timedelta) -> ColumnElement[bool]:
        """Waiting (and due, where rows have a due time), or claimed longer ago than `lease`."""
        waiting = self.state.in_(self.waiting)
        if self.due is not None:
            waiting = and_(waiting, or_(self.due.is_(None), self.due <= now))
        stale = and_(self.state == self.busy, self.claimed_at < now - lease)
        return or_(waiting, stale)

    def take(
        self,
        session: Session,
        row_id: Any,
        now: datetime,
        lease: timedelta,
        *,
        where: Iterable[ColumnElement[bool]] = (),
        **values: Any,
    ) -> bool:
        """Claim one row for this run (and set `values` with it); False if it is not free."""
        statement = (
            update(self.table)
            .where(self.key == row_id, self.claimable(now, lease), *where)
            .values({self.state.key: self.busy, self.claimed_at.key: now, **values})
            .execution_options(synchronize_session=False)
        )
        return bool(session.execute(statement).rowcount)  # type: ignore[attr-defined]

    def settle(self, session: Session, row_id: Any, now: datetime, **values: Any) -> bool:
        """Write the outcome of the claim taken at `now`; False if it went to another run."""
        statement = (
            update(self.table)
            .where(self.key == row_id, self.state == self.busy, self.claimed_at == now)
            .values({self.claimed_at.key: None, **values})
            .execution_options(synchronize_session=False)
        )
        return bool(session.execute(statement).rowcount)  # type: ignore[attr-defined]

    def to_try(
        self,
        session: Session,
        now: datetime,
        lease: timedelta,
        where: ColumnElement[bool],
        order_by: Iterable[Any],
    ) -> list[Any]:
        """The keys of the rows a run should try (claimable now, and `where`), in order."""
        query = select(self.key).where(self.claimable(now, lease), where).order_by(*order_by)
        return list(session.execute(query).scalars())

    def reopen(self, session: Session, row_id: Any, what: str, *states: str, **values: Any) -> None:
        """An admin's retry: a row given up on (in one of `states`) waits again (`values` set);
        NotFound if there is no such row, Conflict if it is not in one of those states."""
        if session.get(self.table, row_id) is None:
            raise NotFound(f"no {what} {row_id}")
        statement = (
            update(self.table)
            .where(self.key == row_id, self.state.in_(states))
            .values({self.state.key: self.waiting[0], **values})
            .execution_options(synchronize_session=False)
        )
        if not session.execute(statement).rowcount:  # type: ignore[attr-defined]
            raise Conflict(f"{what} {row_id} is not waiting for a retry ({', '.join(states)} only)")


def delete_decided(
    session: Session, table: Any, arrived: Any, state: Any, decided: Iterable[str], before: datetime
) -> int:
    """Retention of a pipe: delete its rows in a decided state that arrived before `before`
    (rows still waiting or failed are kept, whatever their age); how many went."""
    statement = delete(table).where(arrived < before, state.in_(list(decided)))
    return int(session.execute(statement).rowcount or 0)  # type: ignore[attr-defined]


def backoff_s(first_s: float, attempt: int, cap_s: float | None = None) -> float:
    """The wait after failed attempt N: the first wait, doubled each time (up to the cap)."""
    wait = float(first_s * 2 ** (max(attempt, 1) - 1))
    return wait if cap_s is None else min(wait, float(cap_s))


def lease_for(*, per_try_s: float, tries: int, pauses_s: float = 0.0) -> timedelta:
    """Twice the longest one row can take in a run: an older claim is abandoned."""
    return timedelta(seconds=2 * (tries * per_try_s + pauses_s))


def describe(exc: Exception, family: type[Exception], system: str) -> str:
    """A failure as stored and logged: the error's kind and its own message (our clients'
    errors never hold what was sent), or only the kind for anything else."""
    if isinstance(exc, family):
        return f"{type(exc).__name__}: {exc}"[:MAX_ERROR_CHARS]
    return f"internal error in the {system} client ({type(exc).__name__})"
