"""The release-night arrangement of a case, and the "housing resolved" rule it feeds.

One arrangement per case, replaced by each PUT. A confirmed arrangement with address, provider
and start date sets `housing_ready_from`; housing is resolved when that is on or before the
release date, and then the housing_unresolved tasks (hacs and ROM) close at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from resettlement import clock
from resettlement.access.users import Principal
from resettlement.cases.lookup import case_for_write
from resettlement.cases.timeline import record
from resettlement.errors import Conflict, FieldProblem, InvalidInput
from resettlement.housing.rules import arrangement_problems, is_housing_resolved, ready_from
from resettlement.storage.tables import Accommodation, Case
from resettlement.tasks.store import close_open_tasks
from resettlement.vocabulary import FINAL_STAGES, Action, HousingStatus, Stage, TaskKind

UNRESOLVED_TASKS = (TaskKind.housing_unresolved, TaskKind.housing_unresolved_escalation)


@dataclass(frozen=True)
class AccommodationResult:
    accommodation: Accommodation
    case: Case
    housing_resolved: bool
    tasks_closed: int


def put_accommodation(
    session: Session,
    *,
    principal: Principal,
    case_id: str,
    housing_status: HousingStatus,
    address: str | None,
    provider: str | None,
    start_date: date | None,
    confirmed: bool,
) -> AccommodationResult:
    """Replace the case's arrangement; resolving housing closes the housing_unresolved tasks."""
    case = case_for_write(session, principal, case_id, Action.accommodation)
    if Stage(case.stage) in FINAL_STAGES:
        raise Conflict(f"cannot record accommodation: the case is {case.stage}")
    problems = arrangement_problems(
        housing_status=housing_status,
        confirmed=confirmed,
        address=address,
        provider=provider,
        start_date=start_date,
    )
    if problems:
        raise InvalidInput([FieldProblem(name, message) for name, message in problems])
    was_resolved = is_housing_resolved(case)
    values = {
        "housing_status": housing_status.value,
        "address": address or "",
        "provider": provider or "",
        "start_date": start_date,
        "confirmed": confirmed,
        "updated_at": clock.now(),
        "updated_by": principal.username,
    }
    row = session.get(Accommodation, case.id)
    if row is None:
        row = Accommodation.model_validate({"case_id": case.id, **values})
    else:
        row.sqlmodel_update(values)
    session.add(row)
    case.housing_status = housing_status.value
    case.housing_ready_from = ready_from(
        confirmed=confirmed, address=address, provider=provider, start_date=start_date
    )
    case.updated_at = clock.now()
    resolved = is_housing_resolved(case)
    closed = close_open_tasks(session, case.id, UNRESOLVED_TASKS) if resolved else 0
    record(
        session,
        case_id=case.id,
        kind="accommodation_recorded",
        actor=principal.username,
        data={
            "housing_status": housing_status.value,
            "confirmed": confirmed,
            "start_date": start_date.isoformat() if start_date else None,
            "housing_resolved": resolved,
            "was_resolved": was_resolved,
            "tasks_closed": closed,
        },
    )
    session.flush()
    return AccommodationResult(row, case, resolved, closed)
