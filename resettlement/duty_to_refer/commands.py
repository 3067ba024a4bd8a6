"""Duty to refer: recording the referral and its outcome.

The referral (one per custody episode, made with the person's consent) marks the duty_to_refer
task done; its outcome marks any chase (duty_to_refer/sweep.py) done.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from resettlement import clock
from resettlement.access.users import Principal
from resettlement.cases.lookup import case_for_write, flush_or_conflict, require_custody
from resettlement.cases.timeline import record
from resettlement.consent.records import active_consent
from resettlement.errors import Conflict, FieldProblem, InvalidInput
from resettlement.policy import Reference
from resettlement.storage.tables import Case, Referral
from resettlement.tasks.commands import complete_tasks
from resettlement.vocabulary import Action, ConsentKind, ReferralOutcome, TaskKind


def current_referral(session: Session, case: Case) -> Referral | None:
    query = select(Referral).where(
        col(Referral.case_id) == case.id, col(Referral.episode) == case.episode
    )
    return session.execute(query).scalars().first()


def record_referral(
    session: Session,
    *,
    principal: Principal,
    case_id: str,
    local_authority: str,
    referred_on: date,
    reference: str,
    ref_data: Reference,
) -> Referral:
    """Record the referral made to a local housing authority (needs the consent to refer)."""
    case = case_for_write(session, principal, case_id, Action.duty_to_refer)
    require_custody(case, "record a duty-to-refer referral")
    problems = []
    if local_authority not in ref_data.areas:
        problems.append(FieldProblem("local_authority", f"unknown area code {local_authority!r}"))
    problems.extend(_date_problems("referred_on", referred_on, case.reception_date, "reception"))
    if problems:
        raise InvalidInput(problems)
    if active_consent(session, case.id, ConsentKind.duty_to_refer) is None:
        raise Conflict(
            "no consent to refer is in force: the duty to refer needs the person's consent "
            "(record it in the HACS assessment)"
        )
    if current_referral(session, case) is not None:
        raise Conflict("a duty-to-refer referral is already recorded for this custody episode")
    referral = Referral(
        case_id=case.id,
        episode=case.episode,
        local_authority=local_authority,
        referred_on=referred_on,
        reference=reference,
        recorded_by=principal.username,
    )
    session.add(referral)
    flush_or_conflict(session, "a duty-to-refer referral was recorded meanwhile for this episode")
    done = complete_tasks(
        session, case_id=case.id, by=principal.username, kinds=[TaskKind.duty_to_refer]
    )
    record(
        session,
        case_id=case.id,
        kind="referral_recorded",
        actor=principal.username,
        data={
            "referral_id": referral.id,
            "local_authority": local_authority,
            "referred_on": referred_on.isoformat(),
            "reference": reference,
            "tasks_done": done,
        },
    )
    session.flush()
    return referral


def record_referral_outcome(
    session: Session,
    *,
    principal: Principal,
    case_id: str,
    outcome: ReferralOutcome,
    outcome_on: date,
) -> Referral:
    """Record (or correct) the local authority's answer; any chase for it is done."""
    case = case_for_write(session, principal, case_id, Action.duty_to_refer)
    referral = current_referral(session, case)
    if referral is None:
        raise Conflict("no duty-to-refer referral is recorded for this custody episode")
    problems = _date_problems("outcome_on", outcome_on, referral.referred_on, "referral")
    if problems:
        raise InvalidInput(problems)
    previous = referral.outcome
    referral.outcome = outcome.value
    referral.outcome_on = outcome_on
    done = complete_tasks(
        session, case_id=case.id, by=principal.username, kinds=[TaskKind.duty_to_refer_chase]
    )
    record(
        session,
        case_id=case.id,
        kind="referral_outcome_recorded",
        actor=principal.username,
        data={
            "referral_id": referral.id,
            "outcome": outcome.value,
            "outcome_on": outcome_on.isoformat(),
            "previous_outcome": previous,
            "tasks_done": done,
        },
    )
    session.flush()
    return referral


def _date_problems(field: str, value: date, earliest: date, label: str) -> list[FieldProblem]:
    if value > clock.today():
        return [FieldProblem(field, "is in the future")]
    if value < earliest:
        return [FieldProblem(field, f"is before the {label} date ({earliest.isoformat()})")]
    return []
