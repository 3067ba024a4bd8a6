"""The naive peer of the housing horizon sweep: one Prefect task run per case.

Each task loads its case, decides with the same pure rule (horizon/rules.py) and
writes the same rows the set-based sweep would. Only the bench uses it, to measure what a
per-case design costs under the production Prefect settings.
"""

from __future__ import annotations

from datetime import date

import flows  # noqa: F401 (prepares Prefect's environment before Prefect is imported)

# isort: split
from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from sqlmodel import select

from resettlement import clock
from resettlement.horizon.rules import HORIZON_KINDS, Change, TaskState, settle, wanted_tasks
from resettlement.housing.rules import is_housing_resolved
from resettlement.policy import get_policy
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Case, Task
from resettlement.tasks.keys import dedupe_key
from resettlement.tasks.store import new_task
from resettlement.vocabulary import CUSTODY_STAGES, Stage, TaskStatus


@task(name="settle-one-case", cache_policy=NO_CACHE)
def settle_case(case_id: str, as_of: date) -> int:
    """Bring one case's horizon tasks in line with the rule; returns rows written."""
    rules = get_policy().housing
    written = 0
    with session_scope() as session:
        case = session.get(Case, case_id)
        assert case is not None
        wanted = wanted_tasks(
            release_date=case.release_date,
            resolved=is_housing_resolved(case),
            in_custody=Stage(case.stage) in CUSTODY_STAGES,
            today=as_of,
            horizon_days=rules.horizon_days,
            rom_from_days=rules.rom_from_days,
        )
        for kind in HORIZON_KINDS:
            key = dedupe_key(kind, case.id, case.episode)
            row = session.exec(select(Task).where(Task.dedupe_key == key)).first()
            current = None
            if row is not None:
                current = TaskState(
                    TaskStatus(row.status), row.escalation_level, None, row.anchor_date
                )
            target, change = settle(current, wanted.get(kind))
            if change is None or target is None:
                continue
            written += 1
            if row is None:
                row = new_task(
                    case_id=case.id, kind=kind, title=kind.value, key=key, due_at=clock.now()
                )
            row.status, row.escalation_level = target.status.value, target.level
            row.anchor_date, row.updated_at = target.anchor, clock.now()
            if target.due_on is not None:
                row.due_at = clock.start_of_day(target.due_on)
            row.closed_at = clock.now() if change == Change.closed else None
            session.add(row)
    return written


@flow(name="housing-horizon-per-case")
def per_case_sweep(case_ids: list[str], as_of: date) -> int:
    """The whole sweep as one task run per case, one after another."""
    return sum(settle_case(case_id, as_of) for case_id in case_ids)
