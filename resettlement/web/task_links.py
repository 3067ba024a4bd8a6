"""Where each kind of task is cleared: the form (or the part of the case page) that does it,
linked only for a viewer its route lets in.

A form's route asks one permission before it opens (the action it passes to `require`,
defined next to the route); the link asks the same action of the same `permissions.may`, so a
viewer who may not use the form (a ROM looking at a HACS task, say) is sent to the case instead
of to a 403 page.
"""

from __future__ import annotations

from dataclasses import dataclass

from resettlement.access.permissions import may
from resettlement.access.users import Principal
from resettlement.vocabulary import Action, PlanParty, TaskKind
from resettlement.web.assessment_forms import CARAT, HACS
from resettlement.web.housing_forms import ACCOMMODATION, REFERRAL


@dataclass(frozen=True)
class Clears:
    """What to do and where; `action`: what that form's route requires (None: a part of the
    case page, which anyone who may read the case may read)."""

    text: str
    where: str
    action: Action | None = None


CASE = ("Go to the case", "/cases/{id}")
CLEARED_BY: dict[str, Clears] = {
    TaskKind.hacs_assessment_due: Clears(
        "Record the HACS assessment", "/cases/{id}/hacs-assessment", HACS
    ),
    TaskKind.carat_triage_due: Clears(
        "Record the CARAT assessment", "/cases/{id}/carat-assessment", CARAT
    ),
    TaskKind.duty_to_refer: Clears("Record the referral", "/cases/{id}/referral", REFERRAL),
    TaskKind.duty_to_refer_chase: Clears(
        "Record the referral outcome", "/cases/{id}/referral", REFERRAL
    ),
    TaskKind.protect_tenancy: Clears("See the tenancy", "/cases/{id}#assessments"),
    TaskKind.end_tenancy_safely: Clears("See the tenancy", "/cases/{id}#assessments"),
    TaskKind.housing_unresolved: Clears(
        "Record the accommodation", "/cases/{id}/accommodation", ACCOMMODATION
    ),
    TaskKind.housing_unresolved_escalation: Clears("See the housing", "/cases/{id}#accommodation"),
    TaskKind.release_plan_signoff: Clears(
        "Sign the release plan", "/cases/{id}/release-plan", Action.plan_sign
    ),
    TaskKind.handover_acceptance_overdue: Clears("Accept the handover", "/cases/{id}#handover"),
    TaskKind.missed_first_appointment: Clears("See the handover", "/cases/{id}#handover"),
    TaskKind.tenancy_check_due: Clears("Record the tenancy check", "/cases/{id}#tenancy-checks"),
    TaskKind.tenancy_at_risk: Clears("See the tenancy checks", "/cases/{id}#tenancy-checks"),
    TaskKind.rehousing_needed: Clears(
        "Record the accommodation", "/cases/{id}/accommodation", ACCOMMODATION
    ),
    TaskKind.consent_withdrawn: Clears("See the consents", "/cases/{id}#consents"),
    TaskKind.need_not_started: Clears("See the needs", "/cases/{id}#needs"),
}
# The release plan page is open to anyone who may read the case; only signing needs the party.
READ_INSTEAD = {Action.plan_sign: ("See the release plan", "/cases/{id}/release-plan")}


def _may_use(viewer: Principal, clears: Clears, team: str) -> bool:
    """What the form's route asks: `require(viewer, action)`; signing, for the task's party."""
    if clears.action is None:
        return True
    if clears.action != Action.plan_sign:
        return may(viewer, clears.action)
    return team in PlanParty.__members__ and may(viewer, clears.action, party=PlanParty(team))


def clear_link(viewer: Principal, kind: str, case_id: str, team: str) -> tuple[str, str]:
    """(link text, href) of what clears a task of this kind (and team) on this case, for this
    viewer: the form when its route would let them in, else where they can see the work."""
    clears = CLEARED_BY.get(kind)
    if clears is None:
        text, where = CASE
    elif _may_use(viewer, clears, team):
        text, where = clears.text, clears.where
    else:
        text, where = READ_INSTEAD.get(clears.action, CASE)  # type: ignore[arg-type]
    return text, where.format(id=case_id)
