"""The audit trail: every read, write and export of a case, and every refused read (a case out of
the caller's scope, answered 404), with who, what, when, via what and which token or session.

- A **write** is recorded in the write's own transaction: its row exists if and only if the
  write committed (`record_write`, called by cases/lookup.py's `case_for_write`).
- **Reads, exports and refusals** are collected for the request (or CLI command) in an
  `AuditBatch` and written when it ends, in one bulk insert in a short transaction of their own
  (`flush`): reading never holds the write lock, and a refused read, whose transaction rolls
  back, is recorded all the same. Then the chain is sealed (access/audit_chain.py).
- If the database cannot take them at once (SQLite's write lock held by a long sweep), the rows
  wait in this process and a background writer adds them as soon as it can (`drain` waits for
  it): a read is not held up by a writer.

Outside any batch (the demo's simulation, flows, tests calling services), reads are added to
the caller's session; refusals there are not recorded (no person asked).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlmodel import Session

from resettlement import clock
from resettlement.access.audit_chain import seal
from resettlement.access.users import Principal
from resettlement.storage.db import session_scope
from resettlement.storage.tables import AuditEntry
from resettlement.vocabulary import AuditKind, Via

log = logging.getLogger(__name__)
# How long a request's audit insert waits for SQLite's write lock before leaving its rows to the
# background writer, and how many rows one flush seals at most (the daily step seals the rest).
FLUSH_WAIT_MS = 250
SEAL_PER_FLUSH = 2_000
RETRY_S = 1.0


@dataclass
class AuditBatch:
    """The audit rows of one request or command, written when it ends."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    wrote: bool = False  # a write row went into the request's transaction: seal it afterwards


_batch: ContextVar[AuditBatch | None] = ContextVar("audit_batch", default=None)


def row(
    principal: Principal,
    case_id: str | None,
    *,
    kind: AuditKind,
    action: str,
    detail: str | None = None,
) -> dict[str, Any]:
    return _row(
        principal.username, principal.via, principal.credential, case_id, kind, action, detail
    )


def _row(
    username: str,
    via: Via,
    credential: str | None,
    case_id: str | None,
    kind: AuditKind,
    action: str,
    detail: str | None = None,
) -> dict[str, Any]:
    return {
        "username": username,
        "case_id": case_id,
        "at": clock.now(),
        "via": via.value,
        "action": action,
        "kind": kind.value,
        "credential": credential,
        "detail": detail,
    }


def record_reads(
    session: Session,
    principal: Principal,
    case_ids: Iterable[str],
    *,
    action: str = "read",
    kind: AuditKind = AuditKind.read,
) -> None:
    """Cases shown to `principal` (a list, a page, an export): one row per case."""
    rows = [row(principal, case_id, kind=kind, action=action) for case_id in case_ids]
    batch = _batch.get()
    if batch is not None:
        batch.rows.extend(rows)
    elif rows:
        session.execute(insert(AuditEntry), rows)


def record_write(session: Session, principal: Principal, case_id: str, action: str) -> None:
    """A change to a case, in the change's own transaction."""
    session.execute(
        insert(AuditEntry), [row(principal, case_id, kind=AuditKind.write, action=action)]
    )
    batch = _batch.get()
    if batch is not None:
        batch.wrote = True


def record_refused(principal: Principal, case_id: str, action: str) -> None:
    """A case out of the caller's scope was asked for (answered 404 as if it did not exist)."""
    batch = _batch.get()
    if batch is not None:
        batch.rows.append(row(principal, case_id, kind=AuditKind.refused, action=action))


def record_person_use(
    session: Session, *, link_id: str, case_id: str, action: str, kind: AuditKind
) -> None:
    """A use of the person's own one-time link (person_view/): the person, named by their link,
    via `person`, in the use's own transaction (a wrong date of birth counts only with its row)."""
    username, credential = f"person:{link_id[:8]}", f"person-link:{link_id[:8]}"
    session.execute(
        insert(AuditEntry), [_row(username, Via.person, credential, case_id, kind, action)]
    )
    batch = _batch.get()
    if batch is not None:
        batch.wrote = True


def record_admin(session: Session, principal: Principal, action: str, username: str) -> None:
    """A change to a user (added, disabled, token rotated), in the change's transaction."""
    session.execute(
        insert(AuditEntry),
        [row(principal, None, kind=AuditKind.admin, action=action, detail=username)],
    )


@contextmanager
def collecting() -> Iterator[AuditBatch]:
    """Collect the audit rows of the block (a request, a command) into one batch."""
    batch = AuditBatch()
    token = _batch.set(batch)
    try:
        yield batch
    finally:
        _batch.reset(token)


@contextmanager
def audited() -> Iterator[AuditBatch]:
    """A command's audit: collected during the block, written at its end."""
    with collecting() as batch:
        yield batch
    flush(batch)


def flush(batch: AuditBatch) -> None:
    """Write the batch's rows in one insert and seal the chain; rows the database cannot take
    now are left to the background writer."""
    if not batch.rows and not batch.wrote:
        return
    rows, batch.rows = batch.rows, []
    try:
        _write(rows, wait_ms=FLUSH_WAIT_MS)
    except (DBAPIError, SQLAlchemyError) as exc:
        log.warning("audit rows deferred: %s", type(exc).__name__)
        _pending.add(rows)


def _write(rows: list[dict[str, Any]], *, wait_ms: int | None = None) -> None:
    with session_scope(wait_ms=wait_ms) as session:
        if rows:
            session.execute(insert(AuditEntry), rows)
        seal(session, limit=SEAL_PER_FLUSH)


class _Pending:
    """Rows waiting for the database, written by one background thread as soon as it can."""

    def __init__(self) -> None:
        self._rows: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self._thread: threading.Thread | None = None

    def add(self, rows: list[dict[str, Any]]) -> None:
        with self._lock:
            self._rows.extend(rows)
            self._idle.clear()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="audit-writer", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            with self._lock:
                rows, self._rows = self._rows, []
                if not rows:
                    self._idle.set()
                    return
            try:
                _write(rows)
            except (DBAPIError, SQLAlchemyError) as exc:
                log.warning("audit writer: %s; retrying", type(exc).__name__)
                with self._lock:
                    self._rows[:0] = rows
                self._idle.wait(RETRY_S)

    def drain(self, timeout: float) -> bool:
        """Wait until every deferred row is written (True), or `timeout` passes (False)."""
        return self._idle.wait(timeout)


_pending = _Pending()


def drain(timeout: float = 10.0) -> bool:
    """Wait for the rows left to the background writer (before the trail is read or verified)."""
    return _pending.drain(timeout)
