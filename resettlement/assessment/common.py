"""Recording the custody assessments: HACS reception (housing) and CARAT (drug treatment).

Each is an Assessment row for the current episode; the latest of a kind is current and a
re-recording replaces its effect. HACS done moves a newly received case to `assessed`; both
done move it to `case_managed` (never backwards: a case already planning its release stays).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sqlmodel import Session, select

from resettlement import clock
from resettlement.access.users import Principal
from resettlement.assessment.housing_benefit import TenancyAdvice
from resettlement.cases.lookup import case_for_write, require_custody
from resettlement.cases.stages import can_move
from resettlement.cases.timeline import move_stage, record
from resettlement.consent.records import ConsentKind, set_consent
from resettlement.storage.tables import Assessment, Case
from resettlement.tasks.commands import complete_tasks
from resettlement.vocabulary import Role, SpectrumStage, Stage, TaskKind


class TriageOutcome(StrEnum):
    comprehensive_assessment = "comprehensive_assessment"
    brief_intervention = "brief_intervention"
    no_further_action = "no_further_action"


@dataclass
class AssessmentResult:
    """The recorded assessment and what it did: tasks raised and closed, notes for the user."""

    assessment: Assessment
    case: Case
    raised: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    advice: TenancyAdvice | None = None


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
) -> AssessmentResult:
    """Record CARAT triage and case management, and the consent to share with the CJIT."""
    case = case_for_write(session, principal, case_id, Role.prison_staff)
    require_custody(case, "record a CARAT assessment")
    data = {
        "drug_need": drug_need,
        "spectrum_stage": spectrum_stage.value if spectrum_stage else None,
        "consent_share_cjit": consent_share_cjit,
        "triage_outcome": triage_outcome.value if triage_outcome else None,
        "care_plan": care_plan,
        "notes": notes,
    }
    result = new_result(session, case, "carat", data, principal)
    case.spectrum_stage = spectrum_stage.value if spectrum_stage else None
    case.consent_share_cjit = consent_share_cjit
    if set_consent(
        session, case, ConsentKind.share_cjit, given=consent_share_cjit, by=principal.username
    ):
        verb = "given" if consent_share_cjit else "refused"
        result.messages.append(f"consent to share with the CJIT {verb}: recorded")
    if complete_tasks(
        session, case_id=case.id, by=principal.username, kinds=[TaskKind.carat_triage_due]
    ):
        result.closed.append(TaskKind.carat_triage_due.value)
    finish(session, case, "carat_assessment_recorded", result, principal)
    return result


def new_result(
    session: Session, case: Case, kind: str, data: dict[str, Any], principal: Principal
) -> AssessmentResult:
    assessment = Assessment(
        case_id=case.id,
        kind=kind,
        episode=case.episode,
        data=data,
        recorded_at=clock.now(),
        recorded_by=principal.username,
    )
    session.add(assessment)
    case.updated_at = clock.now()
    return AssessmentResult(assessment=assessment, case=case)


def finish(
    session: Session, case: Case, kind: str, result: AssessmentResult, principal: Principal
) -> None:
    """Put the assessment on the timeline and move the case on the path where it may."""
    record(
        session,
        case_id=case.id,
        kind=kind,
        actor=principal.username,
        data={
            "assessment_id": result.assessment.id,
            "tasks_raised": result.raised,
            "tasks_closed": result.closed,
            "messages": result.messages,
        },
    )
    session.flush()
    _advance(session, case, principal.username)
    session.flush()


def _advance(session: Session, case: Case, actor: str) -> None:
    kinds = set(
        session.exec(
            select(Assessment.kind).where(
                Assessment.case_id == case.id, Assessment.episode == case.episode
            )
        )
    )
    if {"hacs", "carat"} <= kinds:
        target = Stage.case_managed
    elif "hacs" in kinds:
        target = Stage.assessed
    else:
        return
    if can_move(Stage(case.stage), target):
        reason = (
            "HACS and CARAT assessments recorded"
            if target == Stage.case_managed
            else "HACS reception assessment recorded"
        )
        move_stage(session, case, target, actor=actor, reason=reason)
