"""Intake's checks of an event that need no database: reference codes, dates, custody."""

from __future__ import annotations

from resettlement.errors import Conflict, FieldProblem, InvalidInput
from resettlement.policy import Reference
from resettlement.reception.events import EventIn
from resettlement.storage.tables import Case
from resettlement.vocabulary import CUSTODY_STAGES, EventType, Stage


def check_reference(event: EventIn, reference: Reference) -> None:
    problems = []
    if event.prison not in reference.prisons:
        problems.append(FieldProblem("prison", f"unknown prison code {event.prison!r}"))
    if event.to_prison is not None and event.to_prison not in reference.prisons:
        problems.append(FieldProblem("to_prison", f"unknown prison code {event.to_prison!r}"))
    area = event.destination_area
    if area is not None and area not in reference.areas:
        problems.append(FieldProblem("destination_area", f"unknown CJIT area {area!r}"))
    if (
        event.type == EventType.reception
        and event.release_date is not None
        and event.release_date < event.occurred_on
    ):
        problems.append(FieldProblem("release_date", "is before the reception date"))
    if problems:
        raise InvalidInput(problems)


def in_custody(event: EventIn, case: Case | None) -> Case:
    if case is None:
        raise InvalidInput.one(
            "prison_number", "no case for this prison number; a reception event opens one"
        )
    if Stage(case.stage) not in CUSTODY_STAGES:
        raise Conflict(
            f"the case for {event.prison_number} is not in custody "
            f"(stage '{case.stage}'); a {event.type.value} event needs one that is"
        )
    return case


def iso(value: object) -> str | None:
    return value.isoformat() if value is not None else None  # type: ignore[attr-defined]
