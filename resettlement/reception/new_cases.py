"""The cases an intake batch opens: plain objects until the batch is written, then one INSERT.

Building a SQLModel `Case` per reception (validation, an instrumented attribute per column) was
the largest part of intake's time. A `NewCase` holds the same columns as plain attributes, so
the handlers read and change it as they would a `Case`; `insert_new_cases` writes a batch's new
cases at once (storage/bulk_insert.py), their regions set from the reference as
`storage/case_regions.py` sets them on an ORM write. After that the objects are stale: intake
reads the written case back through the session when it touches it again.
`received_case`: the case a reception opens; `reception_task_rows`: the tasks it raises.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, cast

from sqlmodel import Session

from resettlement.policy import ReceptionPolicy, Reference
from resettlement.reception.events import EventIn
from resettlement.storage.bulk_insert import insert_rows
from resettlement.storage.rows import new_row
from resettlement.storage.tables import Case
from resettlement.tasks.keys import dedupe_key
from resettlement.tasks.store import task_row
from resettlement.vocabulary import Stage, TaskKind

_TABLE = Case.__table__  # type: ignore[attr-defined]
_COLUMNS = [c.name for c in _TABLE.columns]


class NewCase:
    """A case received in this batch, not written yet: `Case`'s columns as plain attributes."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(new_row(Case, **values))  # `Case(...)`'s defaults

    def row(self) -> dict[str, Any]:
        return {name: self.__dict__[name] for name in _COLUMNS}


def new_case(**values: Any) -> Case:
    """A `NewCase`, typed as the `Case` whose attributes it has (the handlers take either)."""
    return cast(Case, NewCase(**values))


def received_case(event: EventIn, *, at: datetime) -> Case:
    """The new case a reception event opens (not written: `insert_new_cases`)."""
    assert event.person is not None  # parse_event guarantees it
    return new_case(
        prison_number=event.prison_number,
        given_name=event.person.given_name,
        family_name=event.person.family_name,
        date_of_birth=event.person.date_of_birth,
        gender=event.person.gender,
        prison=event.prison,
        destination_area=event.destination_area,
        reception_date=event.occurred_on,
        release_date=event.release_date,
        release_date_type=event.release_date_type.value if event.release_date_type else None,
        on_licence=bool(event.on_licence),
        stage=Stage.received.value,
        created_at=at,
        updated_at=at,
    )


def is_new(case: Case | None) -> bool:
    return isinstance(case, NewCase)


def insert_new_cases(session: Session, cases: Sequence[Case], reference: Reference) -> None:
    """Write the batch's new cases in one INSERT, each with its prison and destination regions
    (codes checked by intake before they were set)."""
    rows = []
    for case in cases:
        case.prison_region = reference.prisons[case.prison].region
        area = case.destination_area
        case.destination_region = reference.areas[area].region if area else None
        rows.append(cast(NewCase, case).row())
    if rows:
        insert_rows(session, _TABLE, rows)


def reception_task_rows(
    case: Case, *, at: datetime, rules: ReceptionPolicy
) -> list[dict[str, Any]]:
    """The task rows a reception (or a recall) raises for the case's episode: the HACS
    assessment and the CARAT triage, due by the policy's reception rules."""
    return [
        task_row(
            case_id=case.id,
            kind=kind,
            title=title,
            due_at=due,
            key=dedupe_key(kind, case.id, case.episode),
        )
        for kind, due, title in (
            (
                TaskKind.hacs_assessment_due,
                at + timedelta(hours=rules.hacs_assessment_due_hours),
                "HACS reception housing assessment",
            ),
            (
                TaskKind.carat_triage_due,
                at + timedelta(days=rules.carat_triage_due_days),
                "CARAT drug-treatment triage",
            ),
        )
    ]
