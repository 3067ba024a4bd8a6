"""The audit trail's hash chain: sealing rows into it, and checking it (`resettle audit verify`).

Rows are inserted plainly; `seal` then gives each unsealed row, in id order, the next place in
the chain (`chain_seq`) and the hash of (the previous row's hash, its place, its content). The
chain's head (last place and hash) is kept in its own row. Sealing is a short step under a
lock (PostgreSQL: a transaction advisory lock, skipped when another sealer holds it; SQLite:
the single writer), never a lock held across requests: concurrent readers insert their rows
side by side and whichever seals next takes them all. On PostgreSQL a row whose transaction
commits late is sealed at a later place than its id suggests: the chain's order is the order of
sealing.

`verify` walks the sealed rows in chain order and recomputes every hash: a changed row breaks
its own hash, a removed row the next one's, a removed last row the head. What it cannot see is
a row changed before it was sealed (sealing runs at the end of every request and daily), or an
attacker who rewrites the whole chain and head: keep the head hash it prints somewhere else.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import bindparam, func, select, text, update
from sqlmodel import Session, col

from resettlement import clock
from resettlement.policy import Policy
from resettlement.storage.tables import AuditChainHead, AuditEntry
from resettlement.sweeps import SweepResult

GENESIS = "0" * 64
LOCK_KEY = 0x4155_4454  # "AUDT": the sealer's PostgreSQL advisory lock
CONTENT = ("at", "username", "case_id", "action", "kind", "via", "credential", "detail")
_TABLE = AuditEntry.__table__  # type: ignore[attr-defined]


def row_hash(previous: str, seq: int, row: Any) -> str:
    """The hash of one row at its place in the chain, after `previous`."""
    values = [getattr(row, name) for name in CONTENT]
    values[0] = values[0].isoformat()
    body = json.dumps([seq, *values], separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(f"{previous}|{body}".encode()).hexdigest()


def _locked(session: Session) -> bool:
    if session.get_bind().dialect.name != "postgresql":
        return True  # SQLite: this transaction is the only writer
    query = text("SELECT pg_try_advisory_xact_lock(:key)")
    return bool(session.execute(query, {"key": LOCK_KEY}).scalar())


def seal(session: Session, *, limit: int | None = None) -> int:
    """Chain the unsealed rows (oldest id first, at most `limit`); how many were sealed."""
    if not _locked(session):
        return 0  # another transaction is sealing; it, or the next one, takes these rows
    head = session.get(AuditChainHead, 1)
    seq, previous = (head.seq, head.hash) if head else (0, GENESIS)
    query = (
        select(col(AuditEntry.id), *(getattr(AuditEntry, n) for n in CONTENT))
        .where(col(AuditEntry.chain_seq).is_(None))
        .order_by(col(AuditEntry.id))
        .limit(limit)
    )
    updates = []
    for row in session.execute(query):
        seq += 1
        previous = row_hash(previous, seq, row)
        updates.append({"row_id": row.id, "seq": seq, "digest": previous})
    if not updates:
        return 0
    session.execute(
        update(_TABLE)
        .where(_TABLE.c.id == bindparam("row_id"))
        .values(chain_seq=bindparam("seq"), chain_hash=bindparam("digest"))
        .execution_options(synchronize_session=False),
        updates,
    )
    if head is None:
        head = AuditChainHead(id=1, seq=seq, hash=previous, sealed_at=clock.now())
    head.seq, head.hash, head.sealed_at = seq, previous, clock.now()
    session.add(head)
    session.flush()
    return len(updates)


def seal_all(session: Session, *, batch: int = 10_000) -> int:
    """Seal every unsealed row, a batch at a time (the daily step, `resettle audit seal`)."""
    total = 0
    while sealed := seal(session, limit=batch):
        total += sealed
    return total


@dataclass(frozen=True)
class Verdict:
    """What `verify` found: intact or not, the first bad row and why, what it covered."""

    checked: int
    unsealed: int
    head_seq: int
    head_hash: str
    bad_row: int | None = None
    problem: str | None = None

    @property
    def intact(self) -> bool:
        return self.problem is None


def verify(session: Session) -> Verdict:
    """Recompute the chain over every sealed row; the first row that does not hold, if any."""
    head = session.get(AuditChainHead, 1)
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    unsealed = session.execute(
        select(func.count()).select_from(AuditEntry).where(col(AuditEntry.chain_seq).is_(None))
    ).scalar_one()
    query = (
        select(
            col(AuditEntry.id),
            col(AuditEntry.chain_seq),
            col(AuditEntry.chain_hash),
            *(getattr(AuditEntry, n) for n in CONTENT),
        )
        .where(col(AuditEntry.chain_seq).is_not(None))
        .order_by(col(AuditEntry.chain_seq))
        .execution_options(yield_per=5_000)
    )
    seq, previous, last_id = 0, GENESIS, None

    def verdict(bad: int | None = None, problem: str | None = None) -> Verdict:
        return Verdict(seq, int(unsealed), head_seq, head_hash, bad, problem)

    for row in session.execute(query):
        if row.chain_seq != seq + 1:
            return verdict(row.id, f"row {row.id}: rows before it were removed (place {seq + 1})")
        seq += 1
        if row.chain_hash != row_hash(previous, seq, row):
            return verdict(row.id, f"row {row.id}: changed, or a row before it was removed")
        previous, last_id = row.chain_hash, row.id
    if (seq, previous) != (head_seq, head_hash):
        after = f"after row {last_id}" if last_id is not None else "from the start"
        return verdict(
            last_id,
            f"the chain ends at place {seq} but was sealed to place "
            f"{head_seq}: rows {after} were removed",
        )
    return verdict()


def seal_audit(
    session: Session, *, today: date, policy: Policy, region: str | None = None
) -> SweepResult:
    """The daily step: chain every audit row not yet sealed (the trail is one, whatever the
    region)."""
    return SweepResult("seal_audit", changed=seal_all(session))
