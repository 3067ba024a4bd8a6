"""The audit trail: every read of a case is written down (who, which case, when, via what)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session

from resettlement import clock
from resettlement.access.users import Principal
from resettlement.storage.tables import AuditEntry


def record_reads(
    session: Session,
    principal: Principal,
    case_ids: Iterable[str],
    *,
    via: str,
    action: str = "read",
) -> None:
    at = clock.now()
    session.add_all(
        AuditEntry(username=principal.username, case_id=case_id, at=at, via=via, action=action)
        for case_id in case_ids
    )
