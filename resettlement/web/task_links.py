"""Where each kind of task is cleared: the form (or the part of the case page) that does it."""

from __future__ import annotations

from resettlement.vocabulary import TaskKind

# kind -> (what to do, where: formatted with the case id)
CLEARED_BY: dict[str, tuple[str, str]] = {
    TaskKind.hacs_assessment_due: ("Record the HACS assessment", "/cases/{id}/hacs-assessment"),
    TaskKind.carat_triage_due: ("Record the CARAT assessment", "/cases/{id}/carat-assessment"),
    TaskKind.duty_to_refer: ("Record the referral", "/cases/{id}/referral"),
    TaskKind.duty_to_refer_chase: ("Record the referral outcome", "/cases/{id}/referral"),
    TaskKind.protect_tenancy: ("See the tenancy", "/cases/{id}#assessments"),
    TaskKind.end_tenancy_safely: ("See the tenancy", "/cases/{id}#assessments"),
    TaskKind.housing_unresolved: ("Record the accommodation", "/cases/{id}/accommodation"),
    TaskKind.housing_unresolved_escalation: ("See the housing", "/cases/{id}#accommodation"),
    TaskKind.release_plan_signoff: ("Sign the release plan", "/cases/{id}/release-plan"),
    TaskKind.handover_acceptance_overdue: ("Accept the handover", "/cases/{id}#handover"),
    TaskKind.missed_first_appointment: ("See the handover", "/cases/{id}#handover"),
    TaskKind.tenancy_check_due: ("Record the tenancy check", "/cases/{id}#tenancy-checks"),
    TaskKind.tenancy_at_risk: ("See the tenancy checks", "/cases/{id}#tenancy-checks"),
    TaskKind.rehousing_needed: ("Record the accommodation", "/cases/{id}/accommodation"),
    TaskKind.consent_withdrawn: ("See the consents", "/cases/{id}#consents"),
    TaskKind.need_not_started: ("See the needs", "/cases/{id}#needs"),
}


def clear_link(kind: str, case_id: str) -> tuple[str, str]:
    """(link text, href) of what clears a task of this kind on this case."""
    text, where = CLEARED_BY.get(kind, ("Go to the case", "/cases/{id}"))
    return text, where.format(id=case_id)
