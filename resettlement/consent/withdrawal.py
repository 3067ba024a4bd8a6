"""Withdrawing the consent to share after a handover: the CJIT already holds drug-treatment
details it may no longer use, so it is told, by a task for the area's CJIT and a domain event
(`cjit_told_consent_withdrawn`) that the notifications outbox turns into a message. Neither
carries any of the details themselves."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, select

from resettlement import clock
from resettlement.cases.timeline import record
from resettlement.policy import Policy
from resettlement.storage.tables import Case, Consent, Handover
from resettlement.tasks.keys import dedupe_key
from resettlement.tasks.store import insert_tasks, new_task
from resettlement.vocabulary import ConsentKind, Role, TaskKind

EVENT = "cjit_told_consent_withdrawn"
TITLE = "Consent to share drug-treatment details withdrawn: stop using what the handover gave"


def tell_cjit(
    session: Session, case: Case, consent: Consent, *, actor: str, role: Role, policy: Policy
) -> bool:
    """After a handover of this episode, the CJIT is told the consent to share is withdrawn
    (unless it recorded the withdrawal itself); whether it was told."""
    if consent.kind != ConsentKind.share_cjit.value or role == Role.cjit_worker:
        return False
    handover = session.exec(
        select(Handover)
        .where(col(Handover.case_id) == case.id, col(Handover.episode) == case.episode)
        .order_by(col(Handover.created_at).desc())
    ).first()
    if handover is None:
        return False
    kind = TaskKind.consent_withdrawn
    due = clock.now() + timedelta(hours=policy.consent.withdrawal_task_due_hours)
    task = new_task(
        case_id=case.id,
        kind=kind,
        title=TITLE,
        due_at=due,
        key=dedupe_key(kind, case.id, case.episode, consent.id),
    )
    insert_tasks(session, [task])
    record(
        session,
        case_id=case.id,
        kind=EVENT,
        actor=actor,
        data={
            "consent_id": consent.id,
            "handover_id": handover.id,
            "area": handover.area,
            "team": "cjit",
        },
    )
    return True
