"""A day's sweep reads only what changed since its last run, and leaves what a full sweep would.

Hypothesis writes random histories (cases received, release dates moved, housing found and
lost, stages, recalls, moves between regions, tasks closed or deleted by hand, through the ORM
and through Core statements) over days with random gaps; after each day's sweep a full sweep of
the same day must find nothing left to write. The triggers of revision 0014 are what the
daily sweep relies on: the tests below also check each kind of write marks its case, the
sweep's own writes mark nothing, and that the daily sweep really does read the marks alone.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, update
from sqlalchemy.schema import CreateTable

from resettlement import clock
from resettlement.horizon import changes
from resettlement.horizon.sweep import sweep_housing_horizon
from resettlement.policy import get_policy, get_reference
from resettlement.storage.db import session_scope
from resettlement.storage.sweep_tables import HorizonPending, SweepRecord
from resettlement.storage.tables import Case, Task
from resettlement.sweeps import SweepResult
from resettlement.vocabulary import Stage, TaskKind
from tests.factories import AREA, FAR_AREA, FAR_PRISON, PRISON, case_row

TODAY = date(2026, 11, 24)
HOUSING_KINDS = [TaskKind.housing_unresolved.value, TaskKind.housing_unresolved_escalation.value]


def sweep(day: date, region: str | None = None, hour: int = 0) -> SweepResult:
    instant = clock.start_of_day(day) + timedelta(hours=hour)
    with clock.frozen_at(instant), session_scope() as session:
        return sweep_housing_horizon(session, today=day, policy=get_policy(), region=region)


def forget_runs() -> None:
    with session_scope() as session:
        session.execute(delete(SweepRecord))


def marked() -> set[str]:
    with session_scope(write=False) as session:
        return set(session.execute(select(HorizonPending.case_id)).scalars())  # type: ignore[call-overload]


def task_table() -> dict[str, tuple[Any, ...]]:
    with session_scope(write=False) as session:
        rows = session.execute(select(Task)).scalars()
        return {t.dedupe_key: (t.status, t.escalation_level, t.due_at, t.anchor_date) for t in rows}


def a_full_sweep_finds_nothing_to_do(day: date) -> None:
    before = task_table()
    forget_runs()
    assert sweep(day, hour=1).rows_written == 0
    assert task_table() == before


# Release dates a day or three beyond a threshold: crossed within the history's days.
NEAR_THRESHOLDS = sorted({n + d for n in (84, 56, 28, 14, 7, 2) for d in range(4)})
# One change to the caseload: (what, which case by index, a number).
steps = st.tuples(
    st.sampled_from(
        ["receive", "release", "resolve", "unresolve", "stage", "recall", "move", "close", "drop"]
    ),
    st.integers(0, 30),
    st.one_of(st.integers(-12, 100), st.sampled_from(NEAR_THRESHOLDS)),
)
days = st.lists(
    st.tuples(st.sampled_from([0, 1, 1, 1, 2, 3, 9]), st.lists(steps, max_size=6)),
    min_size=1,
    max_size=6,
)


def apply(step: tuple[str, int, int], ids: list[str], today: date) -> None:
    what, index, number = step
    if what == "receive" or not ids:
        prison, area = [(PRISON, AREA), (FAR_PRISON, FAR_AREA), (PRISON, FAR_AREA)][index % 3]
        with session_scope() as session:
            case = case_row(
                release_date=today + timedelta(days=number),
                prison=prison,
                destination_area=area,
                stage=[Stage.received, Stage.assessed, Stage.plan_agreed][index % 3].value,
            )
            session.add(case)
        ids.append(case.id)
        return
    case_id = ids[index % len(ids)]
    values: dict[str, Any] = {
        "release": {"release_date": today + timedelta(days=number)},
        "resolve": {"housing_ready_from": today},
        "unresolve": {"housing_ready_from": None},
        "stage": {"stage": list(Stage)[number % len(Stage)].value},
        "move": {"prison": [PRISON, FAR_PRISON][number % 2]},
    }.get(what, {})
    with session_scope() as session:
        if what == "recall":  # through the ORM
            case = session.get(Case, case_id)
            assert case is not None
            case.episode += 1
            case.stage = Stage.received.value
        elif what in ("close", "drop"):  # by hand: a person, or a clean-up
            housing = Task.kind.in_(HOUSING_KINDS)  # type: ignore[attr-defined]
            open_task = select(Task.id).where(Task.case_id == case_id, housing)  # type: ignore[arg-type]
            if what == "close":
                session.execute(
                    update(Task).where(Task.id.in_(open_task)).values(status="done")  # type: ignore[union-attr]
                )
            else:
                session.execute(delete(Task).where(Task.id.in_(open_task)))  # type: ignore[union-attr]
        else:  # through Core
            session.execute(update(Case).where(Case.id == case_id).values(**values))  # type: ignore[arg-type]


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(steps, min_size=1, max_size=12), days, st.booleans())
def test_each_days_sweep_leaves_what_a_full_sweep_would(db, start, history, by_region):
    db.truncate()
    ids: list[str] = []
    day = TODAY
    for step in start:
        apply(step, ids, day)
    sweep(day)
    for gap, changed in history:
        day += timedelta(days=gap)
        for step in changed:
            apply(step, ids, day)
        if by_region:  # the scale-out fan-out: every region on its own
            for region in sorted(get_reference().regions):
                sweep(day, region=region)
        else:
            sweep(day)
        a_full_sweep_finds_nothing_to_do(day)


def test_day_by_day_every_threshold_crossing_is_swept(db):
    with session_scope() as session:
        for offset in range(-2, 96):
            for ready in (None, 5):  # unresolved, and resolved days after release
                release = TODAY + timedelta(days=offset)
                session.add(
                    case_row(
                        release_date=release,
                        housing_ready_from=None
                        if ready is None
                        else release + timedelta(days=ready),
                    )
                )
    sweep(TODAY)
    for n in range(1, 13):
        assert sweep(TODAY + timedelta(days=n)).rows_written > 0
        a_full_sweep_finds_nothing_to_do(TODAY + timedelta(days=n))


def test_every_write_to_what_the_rule_reads_marks_the_case_and_the_sweep_clears_the_marks(db):
    quiet = case_row(release_date=TODAY + timedelta(days=200))
    loud = case_row(release_date=TODAY + timedelta(days=20))
    with session_scope() as session:
        session.add_all([quiet, loud])
    assert marked() == {quiet.id, loud.id}  # received
    assert sweep(TODAY).raised == 1
    assert marked() == set()  # read, and the sweep's own task marks nothing
    with session_scope() as session:
        session.execute(update(Case).where(Case.id == quiet.id).values(family_name="Other"))  # type: ignore[arg-type]
    assert marked() == set()  # a column the rule does not read
    with session_scope() as session:
        session.execute(update(Task).values(status="done"))
    assert marked() == {loud.id}  # a person closed the housing task
    assert sweep(TODAY).raised == 1  # reopened: housing is still unresolved
    with session_scope() as session:
        case = session.get(Case, quiet.id)
        assert case is not None
        case.release_date = TODAY + timedelta(days=30)
    assert marked() == {quiet.id}


def a_crossing_and_an_unmarked_change() -> None:
    """Swept today: a case crossing 84 days tomorrow, and one whose housing is then found with
    its mark removed by hand (a write the day's sweep cannot know of)."""
    far = case_row(release_date=TODAY + timedelta(days=85))
    resolved = case_row(release_date=TODAY + timedelta(days=40))
    with session_scope() as session:
        session.add_all([far, resolved])
    assert sweep(TODAY).raised == 1
    with session_scope() as session:
        session.execute(
            update(Case).where(Case.id == resolved.id).values(housing_ready_from=TODAY)  # type: ignore[arg-type]
        )
        session.execute(delete(HorizonPending))


def test_the_daily_sweep_reads_the_marked_and_the_crossing_cases_alone(db):
    """Proof that the day's sweep is not a full one: a change whose mark is removed by hand is
    missed until the next full sweep, which catches it."""
    a_crossing_and_an_unmarked_change()
    tomorrow = sweep(TODAY + timedelta(days=1))
    assert (tomorrow.raised, tomorrow.closed) == (1, 0)  # the crossing, not the unmarked change
    forget_runs()
    assert sweep(TODAY + timedelta(days=1), hour=1).closed == 1


@pytest.mark.parametrize("gap", [0, changes.LONGEST_GAP + 1])
def test_a_full_sweep_runs_without_a_record_after_a_long_gap_or_a_policy_change(db, gap):
    with session_scope() as session:
        session.add(case_row(release_date=TODAY + timedelta(days=30)))
    sweep(TODAY)
    with session_scope(write=False) as session:
        policy = get_policy().housing
        assert changes.last_day(session, policy, None, TODAY + timedelta(days=gap)) == (
            TODAY if gap <= changes.LONGEST_GAP else None
        )
        assert changes.last_day(session, policy, None, TODAY - timedelta(days=1)) is None
        other = policy.model_copy(update={"rom_from_days": 7})
        assert changes.last_day(session, other, None, TODAY) is None


def test_a_case_marked_again_while_a_sweep_runs_keeps_its_newer_mark(db):
    if db.backend != "postgresql":
        pytest.skip("PostgreSQL only: SQLite's writers queue, so nothing writes during a sweep")
    case = case_row(release_date=TODAY + timedelta(days=30))
    with session_scope() as session:
        session.add(case)
    sweep(TODAY)
    with session_scope() as session:
        session.execute(update(Case).where(Case.id == case.id).values(release_date=TODAY))  # type: ignore[arg-type]
    read, written = threading.Event(), threading.Event()

    def intake() -> None:  # another writer, between the sweep's read and its clean-up
        read.wait(10)
        with session_scope() as other:
            other.execute(update(Case).where(Case.id == case.id).values(housing_ready_from=TODAY))  # type: ignore[arg-type]
        written.set()

    writer = threading.Thread(target=intake)
    writer.start()
    with clock.frozen_at(clock.start_of_day(TODAY)), session_scope() as session:
        session.execute(CreateTable(changes.CANDIDATES, if_not_exists=True))
        changes.take_candidates(session, get_policy().housing, None, since=TODAY, today=TODAY)
        read.set()
        assert written.wait(10)
        changes.drop_taken_marks(session)
    writer.join()
    assert marked() == {case.id}


def test_a_day_with_more_changes_than_a_full_sweep_costs_sweeps_everything(db, monkeypatch):
    monkeypatch.setattr(changes, "MOST_CHANGED", 0)
    a_crossing_and_an_unmarked_change()
    assert sweep(TODAY + timedelta(days=1)).closed == 1  # one crossing is already too many
