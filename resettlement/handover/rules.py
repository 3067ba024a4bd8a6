"""The handover SLA: the CJIT accepts a handover by the end of the next working day after the
release (England and Wales bank holidays skipped: working_days.acceptance_deadline)."""

from __future__ import annotations

from datetime import datetime

from resettlement.vocabulary import COMMUNITY_STAGES, HandoverStatus, Stage


def acceptance_overdue(*, status: str, accept_by: datetime | None, now: datetime) -> bool:
    """Not accepted yet and past its accept_by (`sql.overdue_clause` is its SQL twin)."""
    return status == HandoverStatus.new and accept_by is not None and accept_by < now


def sla_breached(
    *,
    status: str,
    accept_by: datetime | None,
    now: datetime,
    current: bool,
    stage: Stage,
) -> bool:
    """The SLA sweep raises `handover_acceptance_overdue` for an overdue handover of the case's
    current episode while the person is in the community (`sql.overdue_acceptance_rows`)."""
    return (
        current
        and stage in COMMUNITY_STAGES
        and acceptance_overdue(status=status, accept_by=accept_by, now=now)
    )
