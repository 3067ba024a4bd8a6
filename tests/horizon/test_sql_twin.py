"""The set-based housing horizon sweep agrees with the pure rule on generated caseloads.

Hypothesis generates cases (release dates, arrangements, stages, episodes) and the task rows
they already have (any status, level and anchor, rows of earlier episodes); one SQL sweep must
leave exactly the task table, and count exactly the changes, that the pure rule expects.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from resettlement import clock
from resettlement.horizon.rules import Change, TaskState, settle, settle_stale, wanted_tasks
from resettlement.horizon.sweep import sweep_housing_horizon
from resettlement.housing.rules import is_housing_resolved
from resettlement.policy import get_policy
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Case, Task
from resettlement.tasks.keys import dedupe_key
from resettlement.vocabulary import CUSTODY_STAGES, TASK_TEAM, Stage, TaskKind, TaskStatus
from tests.factories import case_row

TODAY = date(2026, 11, 24)

SEEDED_AT = datetime(2026, 9, 1, 8, 0, tzinfo=clock.LONDON)
KINDS = (TaskKind.housing_unresolved, TaskKind.housing_unresolved_escalation)
Row = tuple[Any, ...]  # kind, team, status, level, due_at, anchor, closed_at


def task_row(
    case_id: str, kind: TaskKind, episode: int, status: str, level: int, anchor: date | None
) -> Task:
    return Task(
        dedupe_key=dedupe_key(kind, case_id, episode),
        case_id=case_id,
        kind=kind.value,
        team=TASK_TEAM[kind].value,
        title="seeded",
        due_at=SEEDED_AT,
        status=status,
        escalation_level=level,
        anchor_date=anchor,
        created_at=SEEDED_AT,
        updated_at=SEEDED_AT,
        closed_at=None if status == "open" else SEEDED_AT,
    )


seeded_rows = st.lists(
    st.tuples(
        st.sampled_from(KINDS),
        st.integers(1, 3),  # episode (kept no later than the case's own)
        st.sampled_from([s.value for s in TaskStatus]),
        st.integers(1, 6),
        st.one_of(st.none(), st.integers(-3, 3)),  # anchor: the release date shifted, or none
    ),
    max_size=4,
)
cases = st.fixed_dictionaries(
    {
        "release": st.one_of(st.none(), st.integers(-10, 100)),
        "ready": st.sampled_from([None, -5, 0, 1]),  # arrangement starts, relative to release
        "stage": st.sampled_from(list(Stage)),
        "episode": st.integers(1, 3),
        "rows": seeded_rows,
    }
)


def load(caseload: list[dict[str, Any]]) -> list[tuple[Case, list[Task]]]:
    """Store generated cases and their pre-existing task rows (one row per dedupe key)."""
    loaded = []
    with session_scope() as session:
        for spec in caseload:
            release = None if spec["release"] is None else TODAY + timedelta(days=spec["release"])
            ready = None
            if release is not None and spec["ready"] is not None:
                ready = release + timedelta(days=spec["ready"])
            case = case_row(
                release_date=release,
                housing_ready_from=ready,
                stage=spec["stage"].value,
                episode=spec["episode"],
            )
            rows: dict[str, Task] = {}
            for kind, episode, status, level, shift in spec["rows"]:
                anchor = None if release is None or shift is None else release + timedelta(shift)
                row = task_row(case.id, kind, min(episode, case.episode), status, level, anchor)
                rows.setdefault(row.dedupe_key, row)
            session.add(case)
            session.flush()
            session.add_all(rows.values())
            loaded.append((case, list(rows.values())))
    return loaded


def as_row(task: Task) -> Row:
    return (
        task.kind,
        task.team,
        task.status,
        task.escalation_level,
        task.due_at,
        task.anchor_date,
        task.closed_at,
    )


def _settled(row: Task | None, target: TaskState, change: Change, swept_at: datetime) -> Row:
    """The row as the sweep writes it: deadline and anchor re-planned unless it only closes."""
    if change == Change.closed:
        assert row is not None
        return (
            row.kind,
            row.team,
            "closed",
            row.escalation_level,
            row.due_at,
            row.anchor_date,
            swept_at,
        )
    assert target.due_on is not None
    due = clock.start_of_day(target.due_on)
    return (None, None, target.status.value, target.level, due, target.anchor, None)


def expected_after_sweep(loaded: list[tuple[Case, list[Task]]]) -> tuple[dict[str, Row], tuple]:
    """What the pure rule says the task table becomes, and the changes it counts."""
    rules, swept_at = get_policy().housing, clock.start_of_day(TODAY)
    table: dict[str, Row] = {}
    counts = dict.fromkeys(Change, 0)
    for case, rows in loaded:
        wanted = wanted_tasks(
            release_date=case.release_date,
            resolved=is_housing_resolved(case),
            in_custody=Stage(case.stage) in CUSTODY_STAGES,
            today=TODAY,
            horizon_days=rules.horizon_days,
            rom_from_days=rules.rom_from_days,
        )
        existing = {row.dedupe_key: row for row in rows}
        for kind in KINDS:
            key = dedupe_key(kind, case.id, case.episode)
            row = existing.pop(key, None)
            current = None
            if row is not None:
                table[key] = as_row(row)
                current = TaskState(
                    TaskStatus(row.status), row.escalation_level, None, row.anchor_date
                )
            target, change = settle(current, wanted.get(kind))
            if change is not None and target is not None:
                counts[change] += 1
                kind_team = (kind.value, TASK_TEAM[kind].value)
                table[key] = kind_team + _settled(row, target, change, swept_at)[2:]
        for key, row in existing.items():  # rows of earlier episodes
            table[key] = as_row(row)
            target, change = settle_stale(TaskState(TaskStatus(row.status), row.escalation_level))
            if change is not None:
                counts[change] += 1
                table[key] = _settled(row, target, change, swept_at)
    order = (Change.raised, Change.escalated, Change.closed, Change.changed)
    return table, tuple(counts[c] for c in order)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(cases, min_size=1, max_size=12))
def test_the_sql_sweep_leaves_the_task_table_the_pure_rule_expects(db, caseload):
    db.truncate()
    loaded = load(caseload)
    expected, counts = expected_after_sweep(loaded)
    with clock.frozen_at(clock.start_of_day(TODAY)), session_scope() as session:
        result = sweep_housing_horizon(session, today=TODAY, policy=get_policy())
    with session_scope(write=False) as session:
        table = {t.dedupe_key: as_row(t) for t in session.execute(select(Task)).scalars()}
    assert table == expected
    assert (result.raised, result.escalated, result.closed, result.changed) == counts
