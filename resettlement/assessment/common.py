"""Recording the custody assessments: HACS reception (housing) and CARAT (drug treatment).

Each is an Assessment row for the current episode; the latest of a kind is current and a
re-recording replaces its effect. HACS done moves a newly received case to `assessed`; both
done move it to `case_managed` (never backwards: a case already planning its release stays).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from resettlement import clock
from resettlement.access.users import Principal
from resettlement.assessment.housing_benefit import TenancyAdvice
from resettlement.cases.stages import can_move
from resettlement.cases.timeline import move_stage, record
from resettlement.storage.tables import Assessment, Case
from resettlement.vocabulary import ConsentMethod, Stage


@dataclass(frozen=True)
class HowObtained:
    """How and when the person gave (or refused) the consent an assessment records."""

    method: ConsentMethod = ConsentMethod.verbal
    obtained_at: datetime | None = None  # None: as it is recorded


@dataclass
class AssessmentResult:
    """The recorded assessment and what it did: tasks raised and closed, notes for the user."""

    assessment: Assessment
    case: Case
    raised: list[str] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    advice: TenancyAdvice | None = None


def earlier_submission(
    session: Session, case: Case, submission_key: str | None
) -> AssessmentResult | None:
    """The assessment a submission already recorded (a form sent twice), if any."""
    if not submission_key:
        return None
    query = select(Assessment).where(
        Assessment.case_id == case.id, Assessment.submission_key == submission_key
    )
    earlier = session.exec(query).first()
    if earlier is None:
        return None
    return AssessmentResult(
        assessment=earlier, case=case, messages=["already recorded: this form was sent twice"]
    )


def new_result(
    session: Session,
    case: Case,
    kind: str,
    data: dict[str, Any],
    principal: Principal,
    submission_key: str | None = None,
) -> AssessmentResult:
    assessment = Assessment(
        submission_key=submission_key,
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
