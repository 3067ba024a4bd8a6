"""Writing and signing the jointly prepared release plan.

Each party writes its own section while the case is in custody. Writing to an agreed plan makes
a new version (sections copied, no signatures, the old one superseded, stage back to
release_planning); writing to a draft removes only the writer's own signature, since a party
signs what it last wrote. When every required party has signed, the plan is agreed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlmodel import Session, col

from resettlement import clock
from resettlement.access.users import Principal
from resettlement.cases.lookup import case_for_write, flush_or_conflict, require_custody
from resettlement.cases.stages import can_move
from resettlement.cases.timeline import move_stage, record
from resettlement.errors import Conflict, FieldProblem, InvalidInput
from resettlement.planning.reads import current_plan
from resettlement.planning.rules import (
    content_problems,
    is_agreed,
    sign_refusal,
    unsigned_parties,
)
from resettlement.storage.tables import Case, PlanSection, PlanSignature, ReleasePlan, Task
from resettlement.storage.types import new_id
from resettlement.storage.upsert import insert_for
from resettlement.tasks.commands import complete_tasks
from resettlement.tasks.keys import dedupe_key
from resettlement.tasks.store import close_open_tasks
from resettlement.vocabulary import Action, PlanParty, PlanStatus, Stage, TaskKind, TaskStatus


def open_plan(session: Session, case: Case) -> bool:
    """Create version 1 for the current episode unless one exists (the unique key decides)."""
    table = ReleasePlan.__table__  # type: ignore[attr-defined]
    statement = insert_for(session, table).on_conflict_do_nothing(
        index_elements=["case_id", "episode", "version"]
    )
    row = {
        "id": new_id(),
        "case_id": case.id,
        "episode": case.episode,
        "version": 1,
        "status": PlanStatus.draft.value,
        "created_at": clock.now(),
    }
    return bool(session.execute(statement.values(row)).rowcount)  # type: ignore[attr-defined]


def signoff_key(case_id: str, episode: int, party: str, version: int) -> str:
    """One release_plan_signoff task per party per plan version."""
    return dedupe_key(TaskKind.release_plan_signoff, case_id, episode, party, f"v{version}")


def to_release_planning(session: Session, case: Case, *, actor: str, reason: str) -> None:
    if Stage(case.stage) != Stage.release_planning and can_move(
        Stage(case.stage), Stage.release_planning
    ):
        move_stage(session, case, Stage.release_planning, actor=actor, reason=reason)


def write_section(
    session: Session,
    *,
    principal: Principal,
    case_id: str,
    party: PlanParty,
    content: dict[str, Any],
) -> ReleasePlan:
    """Write one party's section, opening the plan or making a new version where needed."""
    case = case_for_write(session, principal, case_id, Action.plan_section, party=party)
    require_custody(case, "write the release plan")
    problems = content_problems(content)
    if problems:
        raise InvalidInput([FieldProblem(name, message) for name, message in problems])
    plan = current_plan(session, case)
    if plan is None:
        open_plan(session, case)
        plan = current_plan(session, case)
        assert plan is not None
    new_version = plan.status == PlanStatus.agreed
    if new_version:
        plan = _next_version(session, plan)
    section = _sections(session, plan.id).get(party.value)
    if section is None:
        section = PlanSection(
            plan_id=plan.id,
            party=party.value,
            content=content,
            updated_at=clock.now(),
            updated_by=principal.username,
        )
    section.content = content
    section.updated_at = clock.now()
    section.updated_by = principal.username
    session.add(section)
    unsigned = _remove_signature(session, case, plan, party) if not new_version else False
    to_release_planning(
        session,
        case,
        actor=principal.username,
        reason=f"release plan version {plan.version} changed"
        if new_version
        else "release plan opened",
    )
    record(
        session,
        case_id=case.id,
        kind="release_plan_section_written",
        actor=principal.username,
        data={
            "party": party.value,
            "version": plan.version,
            "new_version": new_version,
            "own_signature_removed": unsigned,
        },
    )
    flush_or_conflict(session, "the release plan changed meanwhile; read it and try again")
    return plan


def sign(session: Session, *, principal: Principal, case_id: str, party: PlanParty) -> ReleasePlan:
    """Sign the current version for a party; the last required signature agrees the plan."""
    case = case_for_write(session, principal, case_id, Action.plan_sign, party=party)
    require_custody(case, "sign the release plan")
    plan = current_plan(session, case)
    sections = _sections(session, plan.id) if plan else {}
    refusal = sign_refusal(party, on_licence=case.on_licence, sections=sections.keys())
    if refusal:
        raise InvalidInput.one("party", refusal)
    assert plan is not None
    signed = _signed(session, plan.id)
    if party.value in signed:
        raise Conflict(f"{party.value} has already signed version {plan.version} of the plan")
    if plan.status != PlanStatus.draft:
        raise Conflict(f"version {plan.version} of the plan is {plan.status}")
    session.add(
        PlanSignature(
            plan_id=plan.id, party=party.value, signed_at=clock.now(), signed_by=principal.username
        )
    )
    flush_or_conflict(session, f"{party.value} signed version {plan.version} meanwhile")
    complete_tasks(
        session,
        case_id=case.id,
        by=principal.username,
        kinds=[TaskKind.release_plan_signoff],
        team=party.value,
    )
    record(
        session,
        case_id=case.id,
        kind="release_plan_signed",
        actor=principal.username,
        data={"party": party.value, "version": plan.version},
    )
    if is_agreed(case.on_licence, {*signed, party.value}):
        _agree(session, case, plan, actor=principal.username)
    session.flush()
    return plan


def recheck_agreement(session: Session, case: Case, *, actor: str, at: datetime) -> None:
    """Whether the person will be on licence decides who signs: after it changes, a draft plan
    whose remaining signers have all signed is agreed, and an agreed plan that now lacks
    probation's signature goes back to draft (stage release_planning) until probation signs."""
    plan = current_plan(session, case)
    if plan is None or plan.status == PlanStatus.superseded:
        return
    unsigned = [p.value for p in unsigned_parties(case.on_licence, _signed(session, plan.id))]
    if plan.status == PlanStatus.draft and not unsigned:
        _agree(session, case, plan, actor=actor)
    elif plan.status == PlanStatus.agreed and unsigned:
        plan.status, plan.agreed_at = PlanStatus.draft.value, None
        session.add(plan)
        reason = f"on licence: {', '.join(unsigned)} must sign the plan too"
        to_release_planning(session, case, actor=actor, reason=reason)
        record(
            session,
            case_id=case.id,
            kind="release_plan_reopened",
            actor=actor,
            data={"version": plan.version, "unsigned": unsigned},
            at=at,
        )


def _agree(session: Session, case: Case, plan: ReleasePlan, *, actor: str) -> None:
    plan.status = PlanStatus.agreed.value
    plan.agreed_at = clock.now()
    session.add(plan)
    close_open_tasks(session, case.id, [TaskKind.release_plan_signoff])
    if can_move(Stage(case.stage), Stage.plan_agreed):
        move_stage(
            session, case, Stage.plan_agreed, actor=actor, reason="every required party signed"
        )
    record(
        session,
        case_id=case.id,
        kind="release_plan_agreed",
        actor=actor,
        data={"version": plan.version},
    )


def _next_version(session: Session, agreed: ReleasePlan) -> ReleasePlan:
    """A new draft copying the agreed version's sections, without its signatures."""
    agreed.status = PlanStatus.superseded.value
    session.add(agreed)
    plan = ReleasePlan(
        case_id=agreed.case_id,
        episode=agreed.episode,
        version=agreed.version + 1,
        created_at=clock.now(),
    )
    session.add(plan)
    for old in _sections(session, agreed.id).values():
        session.add(
            PlanSection(
                plan_id=plan.id,
                party=old.party,
                content=dict(old.content),
                updated_at=old.updated_at,
                updated_by=old.updated_by,
            )
        )
    return plan


def _remove_signature(session: Session, case: Case, plan: ReleasePlan, party: PlanParty) -> bool:
    """A party that changes its section must sign again: its signature and task reopen."""
    removed = session.execute(
        delete(PlanSignature).where(
            col(PlanSignature.plan_id) == plan.id, col(PlanSignature.party) == party.value
        )
    )
    if not removed.rowcount:  # type: ignore[attr-defined]
        return False
    key = signoff_key(case.id, case.episode, party.value, plan.version)
    session.execute(
        update(Task)
        .where(col(Task.dedupe_key) == key, col(Task.status) == TaskStatus.done.value)
        .values(
            status=TaskStatus.open.value, closed_at=None, completed_by=None, updated_at=clock.now()
        )
        .execution_options(synchronize_session=False)
    )
    return True


def _sections(session: Session, plan_id: str) -> dict[str, PlanSection]:
    rows = session.execute(select(PlanSection).where(col(PlanSection.plan_id) == plan_id))
    return {s.party: s for s in rows.scalars()}


def _signed(session: Session, plan_id: str) -> set[str]:
    rows = session.execute(
        select(col(PlanSignature.party)).where(col(PlanSignature.plan_id) == plan_id)
    )
    return set(rows.scalars())
