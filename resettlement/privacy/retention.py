"""Retention (UK GDPR storage limitation), as daily sweeps and `resettle retention`.

- People whose every case was closed or withdrawn more than `retention.anonymise_after_days`
  ago (seven years: prison records practice) are anonymised: name, date of birth and prison
  number replaced (one pseudonym per person, never a real prison number's shape), free text
  removed (assessment notes and care plans, plan sections, the accommodation's address and
  provider, the referral's reference, tenancy-check notes, notes on needs, the reasons given
  for named workers, free text on the timeline), the handover packet and raw event payloads
  dropped, the person's contact details deleted, the mobile number on messages to them and
  their HMPPS events' payloads removed. What the KPIs count stays: stages, dates,
  housing resolved, outcomes, tasks. An anonymised case is marked, so a second run changes
  nothing.
- Raw prison event payloads (name and date of birth) older than `retention.event_payload_days`
  are dropped for everyone.
"""

from __future__ import annotations

import secrets
import string
from datetime import date, timedelta
from typing import Any

from sqlalchemy import and_, delete, exists, not_, select, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from resettlement import clock
from resettlement.cases.partition import region_clause
from resettlement.policy import Policy
from resettlement.storage.tables import (
    Accommodation,
    Allocation,
    Assessment,
    Case,
    CaseContact,
    DomainEvent,
    Handover,
    InboxMessage,
    Need,
    NeedUpdate,
    Notification,
    PlanSection,
    PrisonEvent,
    Referral,
    ReleasePlan,
    TenancyCheck,
)
from resettlement.sweeps import SweepResult
from resettlement.vocabulary import FINAL_STAGES, NotificationChannel

ANONYMOUS = {"given_name": "Anonymised", "family_name": "Person", "date_of_birth": date(1900, 1, 1)}
# Keys of free text a person wrote (or a feed sent) into an assessment or a timeline entry.
FREE_TEXT = frozenset({"notes", "care_plan", "reason", "summary", "content", "address", "worker"})
BATCH = 500
_PSEUDONYM = string.ascii_uppercase + string.digits


def pseudonym() -> str:
    """A stand-in prison number: "ZZ" and five characters, never a real number's shape."""
    return "ZZ" + "".join(secrets.choice(_PSEUDONYM) for _ in range(5))


def _ended_before(case: Any, cutoff: Any) -> Any:
    final = [s.value for s in FINAL_STAGES]
    return and_(col(case.stage).in_(final), col(case.ended_at) < cutoff)


def people_due(session: Session, *, today: date, policy: Policy, region: str | None) -> list[str]:
    """Prison numbers of people not yet anonymised whose every case ended before the cutoff."""
    cutoff = clock.start_of_day(today) - timedelta(days=policy.retention.anonymise_after_days)
    other = aliased(Case)
    still_held = exists().where(
        col(other.prison_number) == col(Case.prison_number), not_(_ended_before(other, cutoff))
    )
    query = (
        select(col(Case.prison_number))
        .where(col(Case.anonymised_at).is_(None), region_clause(region), not_(still_held))
        .distinct()
    )
    return list(session.execute(query).scalars())


def anonymise_ended(
    session: Session, *, today: date, policy: Policy, region: str | None = None
) -> SweepResult:
    """Anonymise every person due (see module docstring); how many cases changed."""
    changed = 0
    for number in people_due(session, today=today, policy=policy, region=region):
        changed += anonymise_person(session, number)
    return SweepResult("anonymise_ended", changed=changed)


def anonymise_person(session: Session, prison_number: str) -> int:
    """Replace the person's identity and remove free text from every case of theirs."""
    ids = list(
        session.execute(
            select(col(Case.id)).where(
                col(Case.prison_number) == prison_number, col(Case.anonymised_at).is_(None)
            )
        ).scalars()
    )
    if not ids:
        return 0
    now = clock.now()
    stand_in = pseudonym()
    session.execute(
        update(Case)
        .where(col(Case.id).in_(ids))
        .values(prison_number=stand_in, anonymised_at=now, **ANONYMOUS)
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(InboxMessage)
        .where(col(InboxMessage.noms_number) == prison_number)
        .values(noms_number=stand_in, payload={})
        .execution_options(synchronize_session=False)
    )
    _scrub_records(session, ids, now)
    return len(ids)


def _scrub_records(session: Session, ids: list[str], now: Any) -> None:
    def where(model: Any) -> Any:
        return col(model.case_id).in_(ids)

    for statement in (
        update(Accommodation).where(where(Accommodation)).values(address="", provider=""),
        update(Referral).where(where(Referral)).values(reference=""),
        update(TenancyCheck).where(where(TenancyCheck)).values(notes=None),
        update(Handover).where(where(Handover)).values(packet={"anonymised": True}),
        update(PrisonEvent).where(where(PrisonEvent)).values(payload={}, payload_dropped_at=now),
        update(Notification)
        .where(where(Notification), col(Notification.channel) == NotificationChannel.sms.value)
        .values(recipient=None),
        delete(CaseContact).where(where(CaseContact)),
        update(PlanSection)
        .where(col(PlanSection.plan_id).in_(select(col(ReleasePlan.id)).where(where(ReleasePlan))))
        .values(content={}),
        update(NeedUpdate)
        .where(col(NeedUpdate.need_id).in_(select(col(Need.id)).where(where(Need))))
        .values(note=None),
        update(Allocation).where(where(Allocation)).values(reason=None, end_reason=None),
    ):
        session.execute(statement.execution_options(synchronize_session=False))
    for model in (Assessment, DomainEvent):
        for row in session.execute(select(model).where(where(model))).scalars():
            if FREE_TEXT & set(row.data):
                row.data = {k: v for k, v in row.data.items() if k not in FREE_TEXT}
    session.flush()


def drop_old_payloads(
    session: Session, *, today: date, policy: Policy, region: str | None = None
) -> SweepResult:
    """Raw prison event payloads received before the cutoff are dropped (set to {})."""
    cutoff = clock.start_of_day(today) - timedelta(days=policy.retention.event_payload_days)
    cases = select(col(Case.id)).where(region_clause(region))
    statement = (
        update(PrisonEvent)
        .where(
            col(PrisonEvent.payload_dropped_at).is_(None),
            col(PrisonEvent.received_at) < cutoff,
            col(PrisonEvent.case_id).in_(cases),
        )
        .values(payload={}, payload_dropped_at=clock.now())
        .execution_options(synchronize_session=False)
    )
    dropped = int(session.execute(statement).rowcount or 0)  # type: ignore[attr-defined]
    return SweepResult("drop_old_payloads", changed=dropped)


RETENTION_SWEEPS = (anonymise_ended, drop_old_payloads)
