"""Daily plan deadlines: open plans 84 days out, chase unsigned parties from 28 days out.

Both select set-based (one or two statements for the whole caseload); opening a plan then
writes per selected case (lock, insert the plan, move the stage), since each is few and rare.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlmodel import Session

from resettlement import clock
from resettlement.cases.timeline import record
from resettlement.planning.commands import open_plan, signoff_key, to_release_planning
from resettlement.planning.rules import PLAN_OPENING_STAGES, parties_to_chase, signoff_by
from resettlement.planning.sql import cases_due_a_plan, plans_due_signoff, signatures_of_due_plans
from resettlement.policy import Policy
from resettlement.sweeps import SweepResult
from resettlement.tasks.store import insert_tasks, new_task
from resettlement.vocabulary import Stage, TaskKind, Team

SYSTEM = "system"


def open_plans_due(
    session: Session, *, today: date, policy: Policy, region: str | None = None
) -> SweepResult:
    """Custody cases releasing within `opens_days` with no plan this episode get plan v1
    (the cases of `region` only, when given)."""
    query = cases_due_a_plan(today, policy.release_plan, region)
    opened = 0
    for case in list(session.execute(query).scalars()):
        session.refresh(case, with_for_update=True)
        if Stage(case.stage) not in PLAN_OPENING_STAGES or not open_plan(session, case):
            continue  # moved on, or a plan was opened meanwhile
        to_release_planning(session, case, actor=SYSTEM, reason="release plan opened")
        record(
            session,
            case_id=case.id,
            kind="release_plan_opened",
            actor=SYSTEM,
            data={"version": 1, "release_date": str(case.release_date)},
        )
        opened += 1
    session.flush()
    return SweepResult("release_plan_open", changed=opened)


def raise_signoff_tasks(
    session: Session, *, today: date, policy: Policy, region: str | None = None
) -> SweepResult:
    """One release_plan_signoff task per unsigned required party of a draft plan due soon
    (of the cases of `region` only, when given)."""
    rules = policy.release_plan
    rows = session.execute(plans_due_signoff(today, rules, region)).all()
    signatures = signatures_of_due_plans(today, rules, region)
    signed: dict[str, set[str]] = defaultdict(set)
    for plan_id, party in session.execute(signatures):
        signed[plan_id].add(party)
    tasks = []
    for plan_id, version, status, case_id, stage, episode, release_date, on_licence in rows:
        for party in parties_to_chase(
            stage=Stage(stage),
            status=status,
            release_date=release_date,
            on_licence=on_licence,
            signed=signed[plan_id],
            today=today,
            policy=rules,
        ):
            tasks.append(
                new_task(
                    case_id=case_id,
                    kind=TaskKind.release_plan_signoff,
                    team=Team(party.value),
                    title=f"Release plan v{version}: write and sign the {party.value} section",
                    due_at=clock.start_of_day(signoff_by(release_date, rules)),
                    key=signoff_key(case_id, episode, party.value, version),
                )
            )
    return SweepResult("release_plan_signoff", raised=insert_tasks(session, tasks))
