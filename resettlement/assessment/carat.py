"""The CARAT assessment: drug-treatment triage and case management in custody, the spectrum of
need stage, and the person's consent to share with the CJIT.

Everything recorded here is CARAT data (special category: drug treatment); who may see it is
decided in one place (access/visibility.py).
"""

from __future__ import annotations

from sqlmodel import Session

from resettlement.access.users import Principal
from resettlement.assessment.common import (
    AssessmentResult,
    HowObtained,
    earlier_submission,
    finish,
    new_result,
)
from resettlement.cases.lookup import case_for_write, require_custody
from resettlement.consent.records import set_consent
from resettlement.tasks.commands import complete_tasks
from resettlement.vocabulary import Action, ConsentKind, SpectrumStage, TaskKind, TriageOutcome


def record_carat_assessment(
    session: Session,
    *,
    principal: Principal,
    case_id: str,
    drug_need: bool,
    spectrum_stage: SpectrumStage | None,
    consent_share_cjit: bool,
    triage_outcome: TriageOutcome | None,
    care_plan: str | None,
    notes: str | None,
    consent: HowObtained = HowObtained(),
    submission_key: str | None = None,
) -> AssessmentResult:
    """Record CARAT triage and case management, and the consent to share with the CJIT."""
    case = case_for_write(session, principal, case_id, Action.carat_assessment)
    earlier = earlier_submission(session, case, submission_key)
    if earlier is not None:
        return earlier
    require_custody(case, "record a CARAT assessment")
    data = {
        "drug_need": drug_need,
        "spectrum_stage": spectrum_stage.value if spectrum_stage else None,
        "consent_share_cjit": consent_share_cjit,
        "triage_outcome": triage_outcome.value if triage_outcome else None,
        "care_plan": care_plan,
        "notes": notes,
    }
    result = new_result(session, case, "carat", data, principal, submission_key)
    case.spectrum_stage = spectrum_stage.value if spectrum_stage else None
    case.consent_share_cjit = consent_share_cjit
    if set_consent(
        session,
        case,
        ConsentKind.share_cjit,
        given=consent_share_cjit,
        by=principal.username,
        method=consent.method,
        obtained_at=consent.obtained_at,
    ):
        verb = "given" if consent_share_cjit else "refused"
        result.messages.append(f"consent to share with the CJIT {verb}: recorded")
    if complete_tasks(
        session, case_id=case.id, by=principal.username, kinds=[TaskKind.carat_triage_due]
    ):
        result.closed.append(TaskKind.carat_triage_due.value)
    finish(session, case, "carat_assessment_recorded", result, principal)
    return result
