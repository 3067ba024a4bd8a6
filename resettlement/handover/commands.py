"""The CJIT handover, opened at the release event.

At release the case gets, for its custody episode: the consented packet for its destination
area, the acceptance deadline (end of the next working day), the outbox state (`pending` when
the area has a case system, else `inbox_only`) and its tenancy checks.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, SQLModel, col

from resettlement import clock
from resettlement.cases.timeline import event_row
from resettlement.handover.packet import PacketSources, build_packet
from resettlement.housing.rules import is_housing_resolved
from resettlement.needs.reads import needs_of_cases, open_needs
from resettlement.pipes.wake import wake_after_commit
from resettlement.planning.reads import current_plans
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


def _plans(
    session: Session, cases: Sequence[Case]
) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """Case id -> (summary, sections by party) of its current plan, for cases with one."""
    plans = current_plans(session, cases)
    if not plans:
        return {}
    by_plan: dict[str, dict[str, Any]] = {plan.id: {} for plan in plans.values()}
    sections = session.execute(select(PlanSection).where(col(PlanSection.plan_id).in_(by_plan)))
    for section in sections.scalars():
        by_plan[section.plan_id][section.party] = dict(section.content)
    return {
        case_id: (
            {
                "version": plan.version,
                "status": plan.status,
                "agreed_at": plan.agreed_at.isoformat() if plan.agreed_at else None,
            },
            by_plan[plan.id],
        )
        for case_id, plan in plans.items()
    }


def _latest_carats(session: Session, case_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Case id -> its latest CARAT assessment, for cases with one."""
    rows = session.execute(
        select(Assessment)
        .where(col(Assessment.case_id).in_(case_ids), col(Assessment.kind) == "carat")
        .order_by(col(Assessment.recorded_at).desc())
    ).scalars()
    latest: dict[str, dict[str, Any]] = {}
    for row in rows:
        if row.case_id not in latest:
            latest[row.case_id] = {"recorded_at": row.recorded_at.isoformat(), **row.data}
    return latest


def _places(session: Session, cases: Sequence[Case]) -> list[Prison | Area]:
    """The cases' prisons and areas, each read once into the session (whose identity map holds
    them while the caller keeps the list: `session.get` then finds them there)."""
    prisons = {case.prison for case in cases}
    areas = {case.destination_area for case in cases if case.destination_area}
    found: list[Prison | Area] = list(
        session.execute(select(Prison).where(col(Prison.code).in_(prisons))).scalars()
    )
    if areas:
        found += session.execute(select(Area).where(col(Area.code).in_(areas))).scalars()
    return found


def open_handovers(
    session: Session,
    releases: Sequence[tuple[Case, datetime]],
    *,
    policy: Policy,
    sink: dict[type[SQLModel], list[dict[str, Any]]],
) -> None:
    """`open_handover` for many released cases (the intake's batch), their records read in a
    few queries rather than a few per case."""
    held = _places(session, [case for case, _ in releases])  # noqa: F841 (see `_places`)
    for (case, at), sources in zip(releases, packet_sources_for(session, releases), strict=True):
        open_handover(session, case, policy=policy, at=at, sink=sink, sources=sources)


def packet_sources(session: Session, case: Case, *, at: datetime) -> PacketSources:
    """Everything the packet is built from, read from the case's records."""
    return packet_sources_for(session, [(case, at)])[0]


def packet_sources_for(
    session: Session, releases: Sequence[tuple[Case, datetime]]
) -> list[PacketSources]:
    """`packet_sources` of many released cases (a batch of the intake) in a query per kind of
    record rather than per case."""
    cases = [case for case, _ in releases]
    ids = [case.id for case in cases]
    homes = {}
    if ids:
        query = select(Accommodation).where(col(Accommodation.case_id).in_(ids))
        homes = {home.case_id: home for home in session.execute(query).scalars()}
    plans = _plans(session, cases)
    carats = _latest_carats(session, ids) if ids else {}
    needs = needs_of_cases(session, cases)
    return [
        _sources(
            session,
            case,
            at,
            home=homes.get(case.id),
            plan=plans.get(case.id, (None, {})),
            carat=carats.get(case.id),
            needs=needs[case.id],
        )
        for case, at in releases
    ]


def _sources(
    session: Session,
    case: Case,
    at: datetime,
    *,
    home: Accommodation | None,
    plan: tuple[dict[str, Any] | None, dict[str, Any]],
    carat: dict[str, Any] | None,
    needs: list[dict[str, Any]],
) -> PacketSources:
    prison = session.get(Prison, case.prison)
    area = session.get(Area, case.destination_area) if case.destination_area else None
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
        plan=plan[0],
        plan_sections=plan[1],
        carat_assessment=carat,
        spectrum_stage=case.spectrum_stage,
        open_needs=open_needs(needs),
    )


def open_handover(
    session: Session,
    case: Case,
    *,
    policy: Policy,
    at: datetime,
    sink: dict[type[SQLModel], list[dict[str, Any]]],
    sources: PacketSources | None = None,
) -> dict[str, Any]:
    """At the release event: the handover for this episode, its deadline and tenancy checks.

    Its rows (the handover, the tenancy checks, the timeline entry) are appended to `sink`
    (model -> rows) for the caller's bulk insert (the intake's batch); returns the handover's.
    `sources`: the case's packet sources if the caller read them already (`packet_sources_for`).
    """
    if sources is None:
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
