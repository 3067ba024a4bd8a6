"""The person's own plan, as they see it after their date of birth: where they sleep on release
night, their first appointments, their needs, what to bring and whom to call.

Assembled here from the case's records and always passed through `redact_for_person`
(access/visibility.py): no staff note or summary of any team, no CARAT words.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from resettlement.access.visibility import redact_for_person, view_for
from resettlement.needs.catalogue import Catalogue
from resettlement.needs.reads import needs_of
from resettlement.planning.reads import current_plan
from resettlement.storage.tables import Accommodation, Area, Case, Handover, PlanSection
from resettlement.vocabulary import COMMUNITY_STAGES, HandoverStatus, NeedStatus, Role, Stage


def _sleep(session: Session, case: Case) -> dict[str, Any] | None:
    home = session.get(Accommodation, case.id)
    if home is None:
        return None
    return {
        "address": home.address,
        "provider": home.provider,
        "start_date": home.start_date.isoformat() if home.start_date else None,
        "confirmed": home.confirmed,
    }


def _planned_appointments(session: Session, case: Case) -> list[dict[str, Any]]:
    """Each party's planned appointments in the current plan version."""
    plan = current_plan(session, case)
    if plan is None:
        return []
    sections = session.exec(select(PlanSection).where(col(PlanSection.plan_id) == plan.id))
    return [
        {
            "party": s.party,
            "what": item.get("what"),
            "when": item.get("when"),
            "where": item.get("where"),
        }
        for s in sections
        for item in (s.content.get("appointments") or [])
        if isinstance(item, dict) and item.get("when")
    ]


def _handover(session: Session, case: Case) -> Handover | None:
    return session.exec(
        select(Handover).where(
            col(Handover.case_id) == case.id, col(Handover.episode) == case.episode
        )
    ).first()


def _brings(catalogue: Catalogue, pathway: str, code: str) -> bool:
    entry = catalogue.get(pathway, code)
    return entry is not None and entry.bring is not None


def own_plan(session: Session, case: Case, catalogue: Catalogue, *, maker: Role) -> dict[str, Any]:
    """The plan of the person of `case`, as they may see it through a link made by `maker`."""
    appointments = _planned_appointments(session, case)
    contacts: list[dict[str, Any]] = []
    handover = _handover(session, case)
    if handover is not None and handover.status == HandoverStatus.accepted:
        if handover.first_appointment is not None:
            when = handover.first_appointment.isoformat()
            appointments.append({"party": "cjit", "what": None, "when": when, "where": None})
        contacts.append({"team": "cjit", "name": handover.worker})
    area = session.get(Area, case.destination_area) if case.destination_area else None
    needs = needs_of(session, case)
    plan = {
        "given_name": case.given_name,
        "release_date": case.release_date.isoformat() if case.release_date else None,
        "released": Stage(case.stage) in COMMUNITY_STAGES,
        "area": {"code": area.code, "name": area.name} if area else None,
        "sleep": _sleep(session, case),
        "appointments": sorted(appointments, key=lambda a: str(a["when"])),
        "needs": [
            {"pathway": n["pathway"], "need": n["need"], "status": n["status"]} for n in needs
        ],
        "bring": [
            {"pathway": n["pathway"], "need": n["need"]}
            for n in needs
            if n["status"] == NeedStatus.met and _brings(catalogue, n["pathway"], n["need"])
        ],
        "contacts": contacts,
    }
    return redact_for_person(plan, view_for(maker, consent_share_cjit=case.consent_share_cjit))
