"""The handover packet sent to the destination CJIT at release (API.md "Handover packet").

Always: identity, release, CJIT area, accommodation arrangement, appointments in the release
plan, the needs still open (not started or in progress). Drug-treatment details (CARAT
assessment, spectrum stage, plan `carat` section) and open needs on the drugs_alcohol and health
pathways only with consent_share_cjit: the packet is always passed through the consent filter.
Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from resettlement.access.visibility import redact_packet, view_for
from resettlement.vocabulary import PlanParty, Role

PACKET_VERSION = 1


@dataclass(frozen=True)
class PacketSources:
    """What the packet is made of, read from the records at the release event."""

    case_id: str
    person: dict[str, Any]  # prison_number, given_name, family_name, date_of_birth, gender
    released_at: datetime
    release_date: date
    release_date_type: str | None
    on_licence: bool
    prison: dict[str, str]  # code, name
    area: dict[str, str] | None  # code, name
    housing_resolved: bool
    consent_share_cjit: bool
    accommodation: dict[str, Any] | None = None
    plan: dict[str, Any] | None = None  # version, status, agreed_at
    plan_sections: dict[str, dict[str, Any]] = field(default_factory=dict)
    carat_assessment: dict[str, Any] | None = None
    spectrum_stage: str | None = None
    open_needs: list[dict[str, Any]] = field(default_factory=list)  # pathway, need, title, ...


def appointments_in(sections: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Each party's planned `appointments` ({what, when, where}), with the party, by time."""
    found = [
        {"party": party, **item}
        for party, content in sections.items()
        for item in content.get("appointments") or []
        if isinstance(item, dict)
    ]
    return sorted(found, key=lambda a: (str(a.get("when", "")), a["party"]))


def build_packet(src: PacketSources) -> dict[str, Any]:
    """The packet as it may leave the prison side: the consent filter is always applied."""
    sections = {p: s for p, s in src.plan_sections.items() if p != PlanParty.carat}
    carat_section = src.plan_sections.get(PlanParty.carat)
    accommodation = dict(src.accommodation) if src.accommodation else {"arrangement": None}
    packet: dict[str, Any] = {
        "packet_version": PACKET_VERSION,
        "case_id": src.case_id,
        "person": dict(src.person),
        "release": {
            "released_at": src.released_at.isoformat(),
            "release_date": src.release_date.isoformat(),
            "release_date_type": src.release_date_type,
            "on_licence": src.on_licence,
            "prison": dict(src.prison),
        },
        "cjit_area": dict(src.area) if src.area else None,
        "accommodation": accommodation | {"resolved_on_release_night": src.housing_resolved},
        "release_plan": {**src.plan, "sections": sections} if src.plan else None,
        "appointments": appointments_in(sections),
        "open_needs": [dict(n) for n in src.open_needs],
        "drug_treatment": {
            "consent": "given",
            "carat_assessment": src.carat_assessment,
            "spectrum_stage": src.spectrum_stage,
            "plan_section": carat_section,
            "appointments": appointments_in(
                {PlanParty.carat.value: carat_section} if carat_section else {}
            ),
        },
    }
    return redact_packet(
        packet, view_for(Role.cjit_worker, consent_share_cjit=src.consent_share_cjit)
    )
