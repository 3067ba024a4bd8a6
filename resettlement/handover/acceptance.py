"""CJIT acceptance of a handover: worker and first appointment, missed appointments.

A CJIT worker of the handover's area (or an admin) accepts it, naming the worker and the first
appointment; the case moves to `handed_over`, the `handover_acceptance_overdue` task raised by
the SLA sweep (handover/sweep.py) closes, the prison teams' named workers let go of it, and the
accepting CJIT worker holds it unless their team has named one. A missed first appointment
raises a follow-up task.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlmodel import Session, col

from resettlement.access.audit import record_write
from resettlement.access.permissions import require
from resettlement.access.users import Principal
from resettlement.allocation.commands import end_allocations, hold_if_unheld
from resettlement.allocation.rules import PRISON_TEAMS
from resettlement.cases.timeline import move_stage, record
from resettlement.clock import LONDON
from resettlement.errors import Conflict, InvalidInput
from resettlement.handover.reads import get_handover
from resettlement.pipes.wake import wake_after_commit
from resettlement.policy import Policy
from resettlement.storage.tables import Case, Handover, Task
from resettlement.tasks.keys import dedupe_key
from resettlement.tasks.store import close_open_tasks, insert_tasks, new_task
from resettlement.vocabulary import (
    COMMUNITY_STAGES,
    Action,
    HandoverStatus,
    PlanParty,
    Role,
    Stage,
    TaskKind,
)


def _open_case(session: Session, handover: Handover, action: str) -> Case:
    """The handover's case, locked, if this handover is still its current one (else 409)."""
    case = session.get(Case, handover.case_id, with_for_update=True)
    assert case is not None  # the foreign key guarantees it
    if case.episode != handover.episode or Stage(case.stage) not in COMMUNITY_STAGES:
        raise Conflict(
            f"cannot {action}: the case has moved on since this release "
            f"(stage '{case.stage}', custody episode {case.episode})"
        )
    return case


def accept_handover(
    session: Session,
    *,
    principal: Principal,
    handover_id: str,
    worker: str,
    first_appointment: datetime,
    now: datetime,
) -> Handover:
    """Accept for the area: 403 not CJIT, 404 another area's, 409 if already accepted."""
    require(principal, Action.handover)
    handover = get_handover(session, principal, handover_id)
    if handover.status == HandoverStatus.accepted:
        raise Conflict(f"handover {handover_id} was already accepted by {handover.worker}")
    case = _open_case(session, handover, "accept the handover")
    record_write(session, principal, case.id, "handover_accept")
    if first_appointment < handover.released_at:
        raise InvalidInput.one(
            "first_appointment",
            f"is before the release ({handover.released_at.isoformat()})",
        )
    accepted = session.execute(
        update(Handover)
        .where(col(Handover.id) == handover_id, col(Handover.status) == HandoverStatus.new.value)
        .values(
            status=HandoverStatus.accepted.value,
            accepted_at=now,
            accepted_by=principal.username,
            worker=worker,
            first_appointment=first_appointment,
        )
    )
    if not accepted.rowcount:  # type: ignore[attr-defined]
        raise Conflict(f"handover {handover_id} was accepted meanwhile by someone else")
    # The prison's workers let go of the case; the accepting CJIT worker holds it.
    end_allocations(
        session,
        case_id=case.id,
        teams=PRISON_TEAMS,
        by=principal.username,
        reason="released: the CJIT accepted the handover",
        at=now,
    )
    if principal.role == Role.cjit_worker:
        hold_if_unheld(
            session,
            case_id=case.id,
            team=PlanParty.cjit,
            username=principal.username,
            by=principal.username,
            at=now,
        )
    if case.stage == Stage.released:
        move_stage(
            session,
            case,
            Stage.handed_over,
            actor=principal.username,
            reason="accepted by the CJIT",
        )
    close_open_tasks(session, case.id, [TaskKind.handover_acceptance_overdue])
    record(
        session,
        case_id=case.id,
        kind="handover_accepted",
        actor=principal.username,
        data={
            "handover_id": handover_id,
            "worker": worker,
            "first_appointment": first_appointment.isoformat(),
            "within_sla": handover.accept_by is None or now <= handover.accept_by,
        },
    )
    session.refresh(handover)
    wake_after_commit(session)  # a first appointment tomorrow gets its reminder today
    return handover


@dataclass(frozen=True)
class MissedAppointment:
    task: Task
    created: bool


def record_missed_appointment(
    session: Session,
    *,
    principal: Principal,
    handover_id: str,
    notes: str | None,
    next_appointment: datetime | None,
    now: datetime,
    policy: Policy,
) -> MissedAppointment:
    """The CJIT records that the first appointment was missed: a follow-up task (cjit)."""
    require(principal, Action.handover)
    handover = get_handover(session, principal, handover_id)
    missed = handover.first_appointment
    if handover.status != HandoverStatus.accepted or missed is None:
        raise Conflict("no first appointment is booked yet: accept the handover first")
    if missed > now:
        raise Conflict(f"the first appointment ({missed.isoformat()}) has not happened yet")
    if next_appointment is not None and next_appointment <= now:
        raise InvalidInput.one("next_appointment", "must be in the future")
    case = _open_case(session, handover, "record a missed appointment")
    record_write(session, principal, case.id, "missed_appointment")
    kind = TaskKind.missed_first_appointment
    key = dedupe_key(kind, case.id, case.episode, missed.isoformat())
    when = missed.astimezone(LONDON)
    created = insert_tasks(
        session,
        [
            new_task(
                case_id=case.id,
                kind=kind,
                title=f"Follow up the missed first appointment of {when:%d %b %Y %H:%M}",
                due_at=now + timedelta(hours=policy.handover.missed_appointment_follow_up_hours),
                key=key,
            )
        ],
    )
    if created:
        if next_appointment is not None:
            handover.first_appointment = next_appointment
        record(
            session,
            case_id=case.id,
            kind="first_appointment_missed",
            actor=principal.username,
            data={
                "handover_id": handover_id,
                "appointment": missed.isoformat(),
                "next_appointment": next_appointment.isoformat() if next_appointment else None,
                "notes": notes,
            },
        )
    task = session.execute(select(Task).where(col(Task.dedupe_key) == key)).scalar_one()
    return MissedAppointment(task=task, created=bool(created))
