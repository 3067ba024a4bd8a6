"""The CJIT handover, opened at the release event.

At release the case gets, for its custody episode: the consented packet for its destination
area, the acceptance deadline (end of the next working day), the outbox state (`pending` when
the area has a case system, else `inbox_only`) and its tenancy checks.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, SQLModel, col

from resettlement import clock
from resettlement.cases.timeline import event_row
from resettlement.handover.packet import PacketSources, build_packet
from resettlement.housing.rules import is_housing_resolved
from resettlement.needs.reads import needs_of, open_needs
from resettlement.pipes.wake import wake_after_commit
from resettlement.planning.reads import current_plan
from resettlement.policy import Policy
from resettlement.storage.rows import new_row
from resettlement.storage.tables import (
    Accommodation,
    Area,
    Assessment,
    Case,
    DomainEvent,
    Handover,
    PlanSection,
    Prison,
    TenancyCheck,
)
from resettlement.vocabulary import DeliveryState, HandoverStatus
from resettlement.working_days import acceptance_deadline

SYSTEM = "system"


def _plan(session: Session, case: Case) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    plan = current_plan(session, case)
    if plan is None:
        return None, {}
    sections = session.execute(select(PlanSection).where(col(PlanSection.plan_id) == plan.id))
    summary = {
        "version": plan.version,
        "status": plan.status,
        "agreed_at": plan.agreed_at.isoformat() if plan.agreed_at else None,
    }
    return summary, {s.party: dict(s.content) for s in sections.scalars()}


def _latest_carat(session: Session, case: Case) -> dict[str, Any] | None:
    row = (
        session.execute(
            select(Assessment)
            .where(col(Assessment.case_id) == case.id, col(Assessment.kind) == "carat")
            .order_by(col(Assessment.recorded_at).desc())
        )
        .scalars()
        .first()
    )
    if row is None:
        return None
    return {"recorded_at": row.recorded_at.isoformat(), **row.data}


def packet_sources(session: Session, case: Case, *, at: datetime) -> PacketSources:
    """Everything the packet is built from, read from the case's records."""
    prison = session.get(Prison, case.prison)
    area = session.get(Area, case.destination_area) if case.destination_area else None
    home = session.get(Accommodation, case.id)
    plan, sections = _plan(session, case)
    return PacketSources(
        case_id=case.id,
        person={
            "prison_number": case.prison_number,
            "given_name": case.given_name,
            "family_name": case.family_name,
            "date_of_birth": case.date_of_birth.isoformat(),
            "gender": case.gender,
        },
        released_at=at,
        release_date=case.release_date or at.astimezone(clock.LONDON).date(),
        release_date_type=case.release_date_type,
        on_licence=case.on_licence,
        prison={"code": case.prison, "name": prison.name if prison else case.prison},
        area={"code": area.code, "name": area.name} if area else None,
        housing_resolved=is_housing_resolved(case),
        consent_share_cjit=case.consent_share_cjit,
        accommodation=(
            {
                "housing_status": home.housing_status,
                "address": home.address,
                "provider": home.provider,
                "start_date": home.start_date.isoformat() if home.start_date else None,
                "confirmed": home.confirmed,
            }
            if home
            else None
        ),
        plan=plan,
        plan_sections=sections,
        carat_assessment=_latest_carat(session, case),
        spectrum_stage=case.spectrum_stage,
        open_needs=open_needs(needs_of(session, case)),
    )


def open_handover(
    session: Session,
    case: Case,
    *,
    policy: Policy,
    at: datetime,
    sink: dict[type[SQLModel], list[dict[str, Any]]],
) -> dict[str, Any]:
    """At the release event: the handover for this episode, its deadline and tenancy checks.

    Its rows (the handover, the tenancy checks, the timeline entry) are appended to `sink`
    (model -> rows) for the caller's bulk insert (the intake's batch); returns the handover's.
    """
    sources = packet_sources(session, case, at=at)
    area = session.get(Area, case.destination_area) if case.destination_area else None
    to_send = area is not None and bool(area.cjit_system_url)
    handover = new_row(
        Handover,
        case_id=case.id,
        episode=case.episode,
        area=case.destination_area,
        status=HandoverStatus.new.value,
        packet=build_packet(sources),
        released_at=at,
        housing_resolved_at_release=sources.housing_resolved,
        created_at=clock.now(),
        sent_at=None if to_send else at,  # the in-app inbox has it from the release
        accept_by=acceptance_deadline(at, working_days=policy.handover.acceptance_working_days),
        delivery_state=(DeliveryState.pending if to_send else DeliveryState.inbox_only).value,
    )
    sink.setdefault(Handover, []).append(handover)
    sink.setdefault(TenancyCheck, []).extend(
        new_row(
            TenancyCheck,
            case_id=case.id,
            episode=case.episode,
            day_offset=days,
            due_on=sources.release_date + timedelta(days=days),
        )
        for days in policy.tenancy_checks.days_after_release
    )
    sink.setdefault(DomainEvent, []).append(
        event_row(
            case_id=case.id,
            kind="handover_opened",
            actor=SYSTEM,
            at=at,
            data={
                "area": case.destination_area,
                "delivery_state": handover["delivery_state"],
                "accept_by": handover["accept_by"].isoformat() if handover["accept_by"] else None,
                "housing_resolved_at_release": sources.housing_resolved,
                "consent_share_cjit": case.consent_share_cjit,
            },
        )
    )
    wake_after_commit(session)  # to deliver it, and to tell the area's CJIT mailbox
    return handover
