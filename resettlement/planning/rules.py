"""Rules of the jointly prepared release plan: who signs, when it opens, when sign-off is chased.

The plan opens `opens_days_before_release` days before release; HACS, CARAT and the CJIT sign it,
and probation too when the person will be on licence; every required party should have signed
by `signoff_days_before_release` days before release.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from resettlement.policy import ReleasePlanPolicy
from resettlement.vocabulary import CUSTODY_STAGES, PlanParty, PlanStatus, Role, Stage

# Each party's section and signature belong to one role (admins may act for any party).
PARTY_ROLE: dict[PlanParty, Role] = {
    PlanParty.hacs: Role.prison_staff,
    PlanParty.carat: Role.prison_staff,
    PlanParty.probation: Role.prison_staff,
    PlanParty.cjit: Role.cjit_worker,
}
# Custody stages from which the daily sweep opens a plan (later stages already have one).
PLAN_OPENING_STAGES = frozenset(
    {Stage.received, Stage.assessed, Stage.case_managed, Stage.recalled}
)
RESERVED_KEYS = ("updated_by", "updated_at")  # shown beside the content by the case view
MAX_SECTION_CHARS = 20_000
MAX_SECTION_DEPTH = 8  # lists and objects within each other: a section is a form, not a tree


def required_signers(on_licence: bool) -> tuple[PlanParty, ...]:
    """HACS, CARAT and the CJIT always sign; probation only where the person is on licence."""
    base = (PlanParty.hacs, PlanParty.carat, PlanParty.cjit)
    return (*base, PlanParty.probation) if on_licence else base


def unsigned_parties(on_licence: bool, signed: Collection[str]) -> list[PlanParty]:
    return [p for p in required_signers(on_licence) if p.value not in signed]


def is_agreed(on_licence: bool, signed: Collection[str]) -> bool:
    """A plan is agreed once every required party has signed its current version."""
    return not unsigned_parties(on_licence, signed)


def sign_refusal(party: PlanParty, *, on_licence: bool, sections: Collection[str]) -> str | None:
    """Why `party` may not sign the current version yet (None when it may)."""
    if party not in required_signers(on_licence):
        return (
            f"{party.value} is not a required signer: probation signs only where the "
            "person will be on licence"
        )
    if party.value not in sections:
        return f"the {party.value} section has not been written yet; write it before signing"
    return None


def opens_on(release_date: date, policy: ReleasePlanPolicy) -> date:
    return release_date - timedelta(days=policy.opens_days_before_release)


def signoff_by(release_date: date, policy: ReleasePlanPolicy) -> date:
    return release_date - timedelta(days=policy.signoff_days_before_release)


def plan_due_to_open(
    *,
    stage: Stage,
    release_date: date | None,
    has_plan: bool,
    today: date,
    policy: ReleasePlanPolicy,
) -> bool:
    """A custody case with no plan this episode gets one from `opens_days` before release."""
    return (
        stage in PLAN_OPENING_STAGES
        and release_date is not None
        and not has_plan
        and opens_on(release_date, policy) <= today
    )


def parties_to_chase(
    *,
    stage: Stage,
    status: str,
    release_date: date | None,
    on_licence: bool,
    signed: Collection[str],
    today: date,
    policy: ReleasePlanPolicy,
) -> list[PlanParty]:
    """Unsigned required parties of a draft plan once its sign-off deadline has come, while the
    case is in custody. `sql.plans_due_signoff` selects the plans this may chase."""
    if stage not in CUSTODY_STAGES or status != PlanStatus.draft or release_date is None:
        return []
    if signoff_by(release_date, policy) > today:
        return []
    return unsigned_parties(on_licence, signed)


def content_problems(content: Mapping[str, Any]) -> list[tuple[str, str]]:
    """What is wrong with a section's content, as (field, message) pairs; empty when it is fine.

    The content is free-form, except that `appointments` (read by the CJIT handover) must be a
    list of {what, when, where?} with `when` an ISO 8601 date or a datetime with an offset.
    """
    if not content:
        return [("content", "must not be empty")]
    problems = [
        (f"content.{key}", "is set by the system") for key in RESERVED_KEYS if key in content
    ]
    if depth(content) > MAX_SECTION_DEPTH:
        return [("content", f"must nest at most {MAX_SECTION_DEPTH} lists or objects deep")]
    if len(json.dumps(content, default=str)) > MAX_SECTION_CHARS:
        problems.append(("content", f"must be at most {MAX_SECTION_CHARS} characters as JSON"))
    if "appointments" in content:
        problems.extend(_appointment_problems(content["appointments"]))
    return problems


def depth(value: Any, limit: int = MAX_SECTION_DEPTH + 1) -> int:
    """How deep lists and objects nest in `value` (counted no further than `limit`)."""
    if not isinstance(value, dict | list) or limit <= 0:
        return 0
    children = value.values() if isinstance(value, dict) else value
    return 1 + max((depth(child, limit - 1) for child in children), default=0)


def _appointment_problems(appointments: Any) -> list[tuple[str, str]]:
    if not isinstance(appointments, list):
        return [("content.appointments", "must be a list of {what, when, where}")]
    problems: list[tuple[str, str]] = []
    for index, item in enumerate(appointments):
        field = f"content.appointments.{index}"
        if not isinstance(item, dict):
            problems.append((field, "must be an object {what, when, where}"))
            continue
        what = item.get("what")
        if not isinstance(what, str) or not what.strip():
            problems.append((f"{field}.what", "is required: what the appointment is"))
        when_problem = _when_problem(item.get("when"))
        if when_problem:
            problems.append((f"{field}.when", when_problem))
        if "where" in item and not isinstance(item["where"], str):
            problems.append((f"{field}.where", "must be text"))
    return problems


def _when_problem(value: Any) -> str | None:
    if not isinstance(value, str):
        return "is required: an ISO 8601 date or datetime with an offset"
    try:
        if len(value) == len("YYYY-MM-DD"):
            date.fromisoformat(value)
            return None
        if datetime.fromisoformat(value).tzinfo is None:
            return "a time must carry its UTC offset, e.g. 2026-12-01T10:00:00+00:00"
    except ValueError:
        return "is not an ISO 8601 date or datetime"
    return None
