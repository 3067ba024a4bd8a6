"""The handover SLA: the CJIT accepts a handover by the end of the next working day after the
release (England and Wales bank holidays skipped: working_days.acceptance_deadline)."""

from __future__ import annotations

from datetime import datetime

from resettlement.vocabulary import HandoverStatus


def acceptance_overdue(*, status: str, accept_by: datetime | None, now: datetime) -> bool:
    """Not accepted yet and past its accept_by."""
    return status == HandoverStatus.new and accept_by is not None and accept_by < now
