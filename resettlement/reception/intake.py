"""Prison event intake: reception, release date, transfer, release, recall, withdrawal.

Idempotent by `event_id`. Each event is checked in full before it touches a record, so a
rejected event leaves nothing behind, and many events can share one transaction (the import).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from sqlmodel import Session, SQLModel, col, select

from resettlement import clock
from resettlement.allocation.commands import on_new_area, on_transfer
from resettlement.assessment.hacs import reapply_tenancy_advice
from resettlement.cases.stages import IllegalTransition, check_transition
from resettlement.cases.timeline import event_row, move_stage
from resettlement.errors import Conflict, FieldProblem, InvalidInput
from resettlement.planning import commands as release_plan
from resettlement.policy import Policy, Reference
from resettlement.reception import release as release_service
from resettlement.reception.checks import check_reference, in_custody, iso
from resettlement.reception.events import EventIn
from resettlement.reception.new_cases import (
    insert_new_cases,
    is_new,
    received_case,
    reception_task_rows,
)
from resettlement.storage.bulk_insert import insert_rows
from resettlement.storage.bulk_update import write_changed
from resettlement.storage.case_regions import place_changed
from resettlement.storage.tables import (
    Allocation,
    Assessment,
    Case,
    DomainEvent,
    Handover,
    PrisonEvent,
    Task,
    TenancyCheck,
)
from resettlement.storage.task_scope import follow_cases, scope_changed
from resettlement.tasks.store import close_open_tasks, insert_task_rows
from resettlement.vocabulary import (
    COMMUNITY_STAGES,
    CUSTODY_STAGES,
    Stage,
    TaskStatus,
)

Status = Literal["accepted", "duplicate", "rejected"]


@dataclass
class Outcome:
    status: Status
    event_id: str | None = None
    case_id: str | None = None
    reason: str | None = None
    problems: list[FieldProblem] = field(default_factory=list)


class Intake:
    """Applies events inside one session; the caller commits (one event or a batch)."""

    def __init__(
        self, session: Session, *, actor: str, policy: Policy, reference: Reference
    ) -> None:
        self.session = session
        self.actor = actor
        self.policy = policy
        self.reference = reference
        self._seen: dict[str, str] = {}  # event_id -> case_id, this batch and before
        self._checked: set[str] = set()  # event ids already looked up
        self._hacs_assessed: set[str] = set()  # case ids with a HACS assessment
        self._allocated: set[str] = set()  # case ids with a current allocation (intake adds none)
        self._latest: dict[str, Case | None] = {}  # prison number -> latest case
        # Cases received in this batch, not written yet (reception/new_cases.py).
        self._new: dict[str, Case] = {}
        # New rows written in bulk by `flush`, in this order.
        self._rows: dict[type[SQLModel], list[dict[str, Any]]] = {
            model: [] for model in (Task, DomainEvent, PrisonEvent, Handover, TenancyCheck)
        }
        # Releases whose gate work (handover, tenancy checks) runs at the next flush, so that a
        # batch's rows are written together; a later event for the same case flushes first.
        self._releases: dict[str, tuple[Case, datetime]] = {}

    def flush(self) -> None:
        """Write everything applied so far; call before the transaction commits."""
        self._write_cases()
        new, self._new = list(self._new.values()), {}
        insert_new_cases(self.session, new, self.reference)
        for case in new:  # written: read back through the session if an event touches it again
            if self._latest.get(case.prison_number) is case:
                del self._latest[case.prison_number]
        self._write_rows()
        releases, self._releases = list(self._releases.values()), {}
        # Everything the gate work reads is written above; the rows it adds (handovers,
        # tenancy checks, their timeline entries) are written together after it.
        with self.session.no_autoflush:
            written = self._written([case for case, _ in releases])
            release_service.on_releases(
                self.session,
                [(written[case.id], at) for case, at in releases],
                policy=self.policy,
                sink=self._rows,
            )
        self._write_rows()
        self._write_cases()

    def _write_cases(self) -> None:
        """The changed cases, an executemany per set of columns changed, then the session."""
        cases = [obj for obj in self.session.dirty if isinstance(obj, Case)]
        place_changed(self.session, cases)  # their regions, as the flush would set them
        moved = [case.id for case in cases if scope_changed(case)]
        write_changed(self.session, cases)
        follow_cases(self.session, moved)  # their tasks' copy of the scope, as the flush would
        self.session.flush()

    def _write_rows(self) -> None:
        insert_task_rows(self.session, self._rows[Task])
        for model, rows in self._rows.items():
            if model is not Task and rows:
                table = SQLModel.metadata.tables[str(model.__tablename__)]
                insert_rows(self.session, table, rows)
        for rows in self._rows.values():
            rows.clear()

    def _written(self, cases: list[Case]) -> dict[str, Case]:
        """Case id -> the session's Case, read in one query for this batch's new cases (written
        by `flush`), the others as they are."""
        found = {case.id: case for case in cases}
        if new := [case.id for case in cases if is_new(case)]:
            written = self.session.exec(select(Case).where(col(Case.id).in_(new)))
            found.update({case.id: case for case in written})
        return found

    def prefetch(self, events: Sequence[EventIn]) -> None:
        """Load what a batch needs in two queries: known event ids and each person's cases."""
        with self.session.no_autoflush:  # the batch's changed cases are written by `flush`
            self._look_up(events)

    def _look_up(self, events: Sequence[EventIn]) -> None:
        ids = [e.event_id for e in events if e.event_id not in self._checked]
        self._checked.update(ids)
        numbers = {e.prison_number for e in events} - self._latest.keys()
        if ids:
            known = select(PrisonEvent.event_id, PrisonEvent.case_id).where(
                col(PrisonEvent.event_id).in_(ids)
            )
            self._seen.update({eid: cid for eid, cid in self.session.exec(known)})
        if numbers:
            self._latest.update(dict.fromkeys(numbers))
            cases = (
                select(Case)
                .where(col(Case.prison_number).in_(numbers))
                .order_by(col(Case.created_at), col(Case.episode))
            )
            fetched = list(self.session.exec(cases))
            for case in fetched:
                self._latest[case.prison_number] = case
            ids = [c.id for c in fetched]
            assessed = select(Assessment.case_id).where(
                Assessment.kind == "hacs", col(Assessment.case_id).in_(ids)
            )
            self._hacs_assessed.update(self.session.exec(assessed))
            allocated = select(Allocation.case_id).where(
                col(Allocation.case_id).in_(ids), col(Allocation.ended_at).is_(None)
            )
            self._allocated.update(self.session.exec(allocated))

    def apply(self, event: EventIn) -> Outcome:
        """Apply one event; InvalidInput or Conflict if it is refused (nothing changed)."""
        if event.event_id not in self._checked or event.prison_number not in self._latest:
            self.prefetch([event])
        if event.event_id in self._seen:
            return Outcome("duplicate", event.event_id, self._seen[event.event_id])
        check_reference(event, self.reference)
        latest = self._latest[event.prison_number]
        if latest is not None and latest.id in self._releases:
            self.flush()  # its release's gate work comes before anything else that happens to it
            if event.prison_number not in self._latest:  # a case of this batch, now written
                self.prefetch([event])
                latest = self._latest[event.prison_number]
        handler = getattr(self, f"_on_{event.type.value}")
        case: Case = handler(event, latest)
        self._rows[PrisonEvent].append(
            {
                "event_id": event.event_id,
                "type": event.type.value,
                "case_id": case.id,
                "occurred_at": event.occurred_at,
                "received_at": clock.now(),
                "payload": event.model_dump(mode="json", exclude_none=True),
            }
        )
        self._seen[event.event_id] = case.id
        self._checked.add(event.event_id)
        return Outcome("accepted", event.event_id, case.id)

    def _timeline(self, **values: Any) -> None:
        self._rows[DomainEvent].append(event_row(**values))

    def _close_tasks(self, case_id: str) -> None:
        """Close a case's open tasks, both written and still pending in this batch."""
        at = clock.now()
        for row in self._rows[Task]:
            if row["case_id"] == case_id and row["status"] == TaskStatus.open.value:
                row.update(status=TaskStatus.closed.value, closed_at=at, updated_at=at)
        close_open_tasks(self.session, case_id)

    # -- handlers: check everything first, then change ----------------------------------------

    def _on_reception(self, event: EventIn, latest: Case | None) -> Case:
        if latest is not None and Stage(latest.stage) in CUSTODY_STAGES:
            raise Conflict(
                f"{event.prison_number} already has a case in custody at "
                f"{latest.prison} (stage '{latest.stage}'); send a transfer instead"
            )
        at = event.occurred_at
        if latest is not None and Stage(latest.stage) in COMMUNITY_STAGES:
            latest.outcome = "new custody episode"
            move_stage(
                self.session,
                latest,
                Stage.closed,
                sink=self._rows[DomainEvent],
                actor=self.actor,
                reason="received into custody on a new sentence",
                at=at,
            )
            self._close_tasks(latest.id)
        case = received_case(event, at=clock.now())
        self._new[case.id] = case  # written by `flush` (with its regions)
        self._timeline(
            case_id=case.id,
            kind="received",
            actor=self.actor,
            at=at,
            data={"prison": event.prison, "release_date": iso(event.release_date)},
        )
        self._raise_reception_tasks(case, event)
        self._latest[event.prison_number] = case
        return case

    def _raise_reception_tasks(self, case: Case, event: EventIn) -> None:
        rows = reception_task_rows(case, at=event.occurred_at, rules=self.policy.reception)
        self._rows[Task].extend(rows)

    def _on_release_date_set(self, event: EventIn, latest: Case | None) -> Case:
        case = in_custody(event, latest)
        assert event.release_date is not None
        if event.release_date < case.reception_date:
            raise InvalidInput.one(
                "release_date", f"is before the reception date ({case.reception_date.isoformat()})"
            )
        previous = case.release_date
        case.release_date = event.release_date
        if event.release_date_type is not None:
            case.release_date_type = event.release_date_type.value
        licence_changed = event.on_licence is not None and event.on_licence != case.on_licence
        if event.on_licence is not None:
            case.on_licence = event.on_licence
        if event.destination_area is not None:
            case.destination_area = event.destination_area
        case.updated_at = clock.now()
        raised: list[str] = []
        if case.id in self._hacs_assessed:  # the housing-benefit rule needs the new date
            with self.session.no_autoflush:  # (that case is written already)
                raised = reapply_tenancy_advice(self.session, case, policy=self.policy)
        self._timeline(
            case_id=case.id,
            kind="release_date_set",
            actor=self.actor,
            at=event.occurred_at,
            data={
                "from": iso(previous),
                "to": iso(event.release_date),
                "type": case.release_date_type,
                **({"tasks_raised": raised} if raised else {}),
            },
        )
        if licence_changed:  # who signs the release plan changed (rare: an ORM write, flushed)
            self.flush()
            case = self._written([case])[case.id]
            release_plan.recheck_agreement(
                self.session, case, actor=self.actor, at=event.occurred_at
            )
        return case

    def _on_transfer(self, event: EventIn, latest: Case | None) -> Case:
        case = in_custody(event, latest)
        if event.to_prison == case.prison:
            raise InvalidInput.one("to_prison", f"the case is already at {case.prison}")
        previous, case.prison = case.prison, str(event.to_prison)
        case.updated_at = clock.now()
        # Intake adds no allocation, so the batch's pending rows need not be flushed first, and
        # a case without a current allocation when the batch began has none to end.
        if case.id in self._allocated:
            with self.session.no_autoflush:
                on_transfer(
                    self.session,
                    case.id,
                    to_prison=case.prison,
                    by=self.actor,
                    at=event.occurred_at,
                )
        self._timeline(
            case_id=case.id,
            kind="transferred",
            actor=self.actor,
            at=event.occurred_at,
            data={"from": previous, "to": case.prison},
        )
        return case

    def _on_release(self, event: EventIn, latest: Case | None) -> Case:
        case = in_custody(event, latest)
        if event.destination_area is not None and event.destination_area != case.destination_area:
            case.destination_area = event.destination_area
            if case.id in self._allocated:  # as for a transfer
                with self.session.no_autoflush:
                    on_new_area(
                        self.session,
                        case.id,
                        area=case.destination_area,
                        by=self.actor,
                        at=event.occurred_at,
                    )
        if event.on_licence is not None:
            case.on_licence = event.on_licence
        case.release_date = event.occurred_on
        move_stage(
            self.session,
            case,
            Stage.released,
            sink=self._rows[DomainEvent],
            actor=self.actor,
            reason="released from custody",
            at=event.occurred_at,
        )
        self._releases[case.id] = (case, event.occurred_at)
        return case

    def _on_recall(self, event: EventIn, latest: Case | None) -> Case:
        if latest is None:
            raise InvalidInput.one("prison_number", "no case for this prison number to recall")
        try:
            check_transition(Stage(latest.stage), Stage.recalled)
        except IllegalTransition as exc:
            raise Conflict(f"cannot recall {event.prison_number}: {exc}") from None
        self._close_tasks(latest.id)
        latest.episode += 1
        latest.prison = event.prison
        latest.outcome = None
        move_stage(
            self.session,
            latest,
            Stage.recalled,
            sink=self._rows[DomainEvent],
            actor=self.actor,
            reason="recalled to custody",
            at=event.occurred_at,
        )
        self._raise_reception_tasks(latest, event)
        return latest

    def _on_withdrawn(self, event: EventIn, latest: Case | None) -> Case:
        if latest is None:
            raise InvalidInput.one("prison_number", "no case for this prison number")
        try:
            check_transition(Stage(latest.stage), Stage.withdrawn)
        except IllegalTransition as exc:
            raise Conflict(f"cannot withdraw {event.prison_number}: {exc}") from None
        latest.outcome = event.reason or "withdrawn"
        move_stage(
            self.session,
            latest,
            Stage.withdrawn,
            sink=self._rows[DomainEvent],
            actor=self.actor,
            reason=event.reason or "withdrawn from the path",
            at=event.occurred_at,
        )
        self._close_tasks(latest.id)
        return latest
