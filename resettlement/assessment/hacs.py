"""The HACS reception assessment: housing at reception, the tenancy, the duty to refer.

A tenancy is protected or ended safely by the housing-benefit rule (weeks away, remand counted);
a person threatened with homelessness who consents is referred to the local housing authority.
Re-recording replaces the effect: the advised tenancy task changes, a referral task no longer
called for closes.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from resettlement import clock
from resettlement.access.users import Principal
from resettlement.assessment.common import (
    AssessmentResult,
    HowObtained,
    earlier_submission,
    finish,
    new_result,
)
from resettlement.assessment.housing_benefit import Tenancy, TenancyAdvice, tenancy_advice
from resettlement.cases.lookup import case_for_write, require_custody
from resettlement.catalogue.masks import to_mask
from resettlement.consent.records import set_consent
from resettlement.errors import FieldProblem, InvalidInput
from resettlement.policy import Policy, Reference
from resettlement.storage.tables import Assessment, Case, Referral
from resettlement.tasks.commands import complete_tasks
from resettlement.tasks.keys import dedupe_key
from resettlement.tasks.store import close_open_tasks, insert_tasks, new_task
from resettlement.vocabulary import (
    Action,
    ConsentKind,
    HousingStatus,
    LandlordType,
    RiskFactor,
    SupportLevel,
    TaskKind,
)

TENANCY_TASKS = (TaskKind.protect_tenancy, TaskKind.end_tenancy_safely)
TENANCY_TITLES = {
    TaskKind.protect_tenancy: "Protect the tenancy: keep housing benefit in payment",
    TaskKind.end_tenancy_safely: "End the tenancy safely to avoid arrears",
}


def record_hacs_assessment(
    session: Session,
    *,
    principal: Principal,
    case_id: str,
    housing_status: HousingStatus,
    tenancy: Tenancy | None,
    threatened_with_homelessness: bool,
    duty_to_refer_consent: bool,
    destination_area: str | None,
    notes: str | None,
    policy: Policy,
    reference: Reference,
    support_need: SupportLevel | None = None,
    risk_factors: list[RiskFactor] | None = None,
    consent: HowObtained = HowObtained(),
    submission_key: str | None = None,
) -> AssessmentResult:
    """Record housing at reception; raise the tenancy and duty-to-refer work it calls for."""
    case = case_for_write(session, principal, case_id, Action.hacs_assessment)
    earlier = earlier_submission(session, case, submission_key)
    if earlier is not None:
        return earlier
    require_custody(case, "record a HACS reception assessment")
    _check_hacs(case, tenancy, destination_area, reference)
    advice = tenancy_advice(
        tenancy,
        reception_date=case.reception_date,
        release_date=case.release_date,
        policy=policy.housing,
    )
    data = {
        "housing_status": housing_status.value,
        "tenancy": _tenancy_data(tenancy, case),
        "threatened_with_homelessness": threatened_with_homelessness,
        "duty_to_refer_consent": duty_to_refer_consent,
        "destination_area": destination_area,
        "notes": notes,
        "support_need": support_need.value if support_need else None,
        "risk_factors": [r.value for r in risk_factors or []],
        "tenancy_advice": {
            "action": advice.action.value if advice.action else None,
            "weeks_away": advice.weeks_away,
            "reason": advice.reason,
        },
    }
    result = new_result(session, case, "hacs", data, principal, submission_key)
    result.advice = advice
    case.housing_status = housing_status.value
    case.support_need = support_need.value if support_need else None
    case.risk_mask = to_mask(risk_factors or [])
    if destination_area:
        case.destination_area = destination_area
    if complete_tasks(
        session, case_id=case.id, by=principal.username, kinds=[TaskKind.hacs_assessment_due]
    ):
        result.closed.append(TaskKind.hacs_assessment_due.value)
    _apply_tenancy_advice(session, case, advice, policy, result)
    _apply_duty_to_refer(
        session, case, threatened_with_homelessness, duty_to_refer_consent, consent, policy, result
    )
    finish(session, case, "hacs_assessment_recorded", result, principal)
    return result


def _check_hacs(
    case: Case, tenancy: Tenancy | None, destination_area: str | None, reference: Reference
) -> None:
    problems = []
    if destination_area is not None and destination_area not in reference.areas:
        problems.append(FieldProblem("destination_area", f"unknown CJIT area {destination_area!r}"))
    if tenancy and tenancy.custody_start and tenancy.custody_start > case.reception_date:
        problems.append(
            FieldProblem(
                "tenancy.custody_start",
                f"is after the reception date ({case.reception_date.isoformat()}); it is the "
                "first day held, remand counted",
            )
        )
    if problems:
        raise InvalidInput(problems)


def _tenancy_data(tenancy: Tenancy | None, case: Case) -> dict[str, Any] | None:
    if tenancy is None:
        return None
    return {
        "landlord_type": tenancy.landlord_type.value,
        "rent_weekly": str(tenancy.rent_weekly),
        "arrears": str(tenancy.arrears),
        "housing_benefit": tenancy.housing_benefit,
        "custody_start": (tenancy.custody_start or case.reception_date).isoformat(),
    }


def _apply_tenancy_advice(
    session: Session, case: Case, advice: TenancyAdvice, policy: Policy, result: AssessmentResult
) -> None:
    """The advised tenancy task is raised (once per episode); the other one, if open, closes."""
    others = [k for k in TENANCY_TASKS if k != advice.action]
    if close_open_tasks(session, case.id, others):
        result.closed.extend(k.value for k in others)
    result.messages.append(advice.reason)
    if advice.action is None:
        return
    due = clock.now() + timedelta(days=policy.housing.tenancy_action_due_days)
    task = new_task(
        case_id=case.id,
        kind=advice.action,
        title=TENANCY_TITLES[advice.action],
        due_at=due,
        key=dedupe_key(advice.action, case.id, case.episode),
    )
    if insert_tasks(session, [task]):
        result.raised.append(advice.action.value)


def _apply_duty_to_refer(
    session: Session,
    case: Case,
    threatened: bool,
    consent: bool,
    how: HowObtained,
    policy: Policy,
    result: AssessmentResult,
) -> None:
    """Threatened with homelessness and consenting: refer. Otherwise no referral task."""
    if threatened:
        by = result.assessment.recorded_by
        set_consent(
            session,
            case,
            ConsentKind.duty_to_refer,
            given=consent,
            by=by,
            method=how.method,
            obtained_at=how.obtained_at,
        )
    if not (threatened and consent):
        if close_open_tasks(session, case.id, [TaskKind.duty_to_refer]):
            result.closed.append(TaskKind.duty_to_refer.value)
        if threatened:
            result.messages.append(
                "threatened with homelessness but no consent to refer: no referral can be made "
                "until the person consents"
            )
        return
    referred = session.exec(
        select(Referral.id).where(Referral.case_id == case.id, Referral.episode == case.episode)
    ).first()
    if referred is not None:
        result.messages.append("a duty-to-refer referral is already recorded for this episode")
        return
    task = new_task(
        case_id=case.id,
        kind=TaskKind.duty_to_refer,
        title="Refer to the local housing authority (duty to refer)",
        due_at=clock.now() + timedelta(days=policy.housing.duty_to_refer_due_days),
        key=dedupe_key(TaskKind.duty_to_refer, case.id, case.episode),
    )
    if insert_tasks(session, [task]):
        result.raised.append(TaskKind.duty_to_refer.value)


def reapply_tenancy_advice(session: Session, case: Case, *, policy: Policy) -> list[str]:
    """A release date set or moved after the HACS assessment re-runs the housing-benefit rule.

    Returns the task kinds raised (the timeline entry of the date change says why).
    """
    latest = session.exec(
        select(Assessment)
        .where(
            Assessment.case_id == case.id,
            Assessment.kind == "hacs",
            Assessment.episode == case.episode,
        )
        .order_by(col(Assessment.recorded_at).desc())
    ).first()
    held = latest.data.get("tenancy") if latest else None
    if not held:
        return []
    tenancy = Tenancy(
        landlord_type=LandlordType(held["landlord_type"]),
        rent_weekly=Decimal(held["rent_weekly"]),
        arrears=Decimal(held["arrears"]),
        housing_benefit=bool(held["housing_benefit"]),
        custody_start=date.fromisoformat(held["custody_start"]),
    )
    advice = tenancy_advice(
        tenancy,
        reception_date=case.reception_date,
        release_date=case.release_date,
        policy=policy.housing,
    )
    assert latest is not None
    result = AssessmentResult(assessment=latest, case=case)
    _apply_tenancy_advice(session, case, advice, policy, result)
    return result.raised
