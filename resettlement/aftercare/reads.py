"""Reading tenancy checks: every check of a case, each with its state (recorded, due, upcoming,
stopped by a recall)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from resettlement.access.users import Principal
from resettlement.aftercare.rules import CheckState, check_state
from resettlement.cases.lookup import get_case
from resettlement.storage.tables import TenancyCheck


def checks_of(
    session: Session, principal: Principal, case_id: str, *, today: date
) -> list[dict[str, Any]]:
    """Every tenancy check of a case (all episodes, history kept), each with its state."""
    case = get_case(session, principal, case_id)
    rows = session.execute(
        select(TenancyCheck)
        .where(col(TenancyCheck.case_id) == case.id)
        .order_by(col(TenancyCheck.episode), col(TenancyCheck.day_offset))
    ).scalars()
    return [with_state(row, case.episode, today) for row in rows]


def with_state(check: TenancyCheck, current_episode: int, today: date) -> dict[str, Any]:
    state: CheckState = check_state(
        outcome=check.outcome,
        due_on=check.due_on,
        episode=check.episode,
        current_episode=current_episode,
        today=today,
    )
    return {**check.model_dump(mode="json"), "state": state.value}
