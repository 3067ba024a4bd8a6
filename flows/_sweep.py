"""What every sweep task does: one service call in one transaction, as of one day, over the
whole caseload or one region's cases (cases/partition.py)."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from sqlmodel import Session

from resettlement.policy import Policy, get_policy
from resettlement.storage.db import session_scope
from resettlement.sweeps import SweepResult

# A sweep is idempotent, so a task that failed on a transient database error (a deadlock, a
# lock wait running out) is simply run again; these are the only retries of a sweep.
RETRIES = 2
RETRY_DELAY_S = 2


class Sweep(Protocol):
    def __call__(
        self, session: Session, *, today: date, policy: Policy, region: str | None = ...
    ) -> SweepResult: ...


def run_sweep(sweep: Sweep, as_of: date, region: str | None = None) -> SweepResult:
    """Run one sweep as of `as_of` (over `region` only, when given) in its own transaction,
    committed when it returns."""
    with session_scope() as session:
        return sweep(session, today=as_of, policy=get_policy(), region=region)
