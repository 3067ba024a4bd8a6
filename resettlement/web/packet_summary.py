"""The handover packet as the CJIT reads it: where the person will sleep, one list of
appointments (soonest first, each once), what each party agreed, treatment information where the
person consented, open needs and contacts.

The packet comes from reads (HandoverOut, through access/visibility.py's consent filter): this
only arranges what the caller may already see; it never decides what is shown.
"""

from __future__ import annotations

from typing import Any

# Keys of a plan section shown in their own place on the page, not under "what was agreed".
OWN_PLACE = ("appointments", "contacts")


def _appointments(packet: dict[str, Any]) -> list[dict[str, Any]]:
    treatment = packet.get("drug_treatment") or {}
    every = list(packet.get("appointments") or []) + list(treatment.get("appointments") or [])
    seen: set[tuple[str, str, str]] = set()
    unique = []
    for item in every:
        if not isinstance(item, dict):
            continue
        key = (str(item.get("what", "")), str(item.get("when", "")), str(item.get("where", "")))
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return sorted(unique, key=lambda a: str(a.get("when", "")))


def _contacts(sections: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for party, content in sections.items():
        for contact in (content or {}).get("contacts") or []:
            found.append(
                {"party": party, **contact}
                if isinstance(contact, dict)
                else {"party": party, "name": str(contact)}
            )
    return found


def _without_own_place(section: Any) -> Any:
    """A plan section without what the page shows in its own place (appointments, contacts)."""
    if not isinstance(section, dict):
        return section
    return {k: v for k, v in section.items() if k not in OWN_PLACE} or None


def summary(packet: dict[str, Any]) -> dict[str, Any]:
    plan = packet.get("release_plan") or {}
    sections = plan.get("sections") or {}
    treatment = packet.get("drug_treatment") or {}
    section = treatment.get("plan_section")
    agreed = {
        party: {k: v for k, v in (content or {}).items() if k not in OWN_PLACE}
        for party, content in sections.items()
    }
    return {
        "person": packet.get("person") or {},
        "release": packet.get("release") or {},
        "area": packet.get("cjit_area") or {},
        "accommodation": packet.get("accommodation") or {},
        "appointments": _appointments(packet),
        "plan": {k: v for k, v in plan.items() if k != "sections"},
        "agreed": {party: content for party, content in agreed.items() if content},
        "treatment_shared": treatment.get("consent") == "given",
        "treatment": {
            **treatment,
            "plan_section": _without_own_place(section),
        },
        "needs": packet.get("open_needs") or [],
        "contacts": _contacts(sections),
    }
