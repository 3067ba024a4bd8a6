"""Each task carries its case's scope (storage/task_scope.py): equal to the case's after every
write path that raises a task or moves a case, on SQLite and PostgreSQL; and the work lists
that read it show a moved case's tasks to the scopes it moved into, not those it left."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, or_, select
from sqlmodel import col

from resettlement.access.users import Principal
from resettlement.daily import run_sweeps
from resettlement.paging import Window
from resettlement.policy import get_policy, get_reference
from resettlement.storage.db import session_scope
from resettlement.storage.migrate import load_reference
from resettlement.storage.tables import Case, Task
from resettlement.storage.task_scope import SCOPE_COLUMNS
from resettlement.tasks.reads import TaskFilters, list_tasks
from resettlement.tasks.store import insert_tasks, new_task
from resettlement.vocabulary import Role, TaskKind
from tests.conftest import NOW
from tests.factories import (
    FAR_AREA,
    FAR_PRISON,
    OTHER_PRISON,
    apply_events,
    follow_up,
    hacs_body,
    received_case,
    reception,
)


def _mismatches() -> list[tuple[str, str]]:
    """(task id, column) for every task whose scope column differs from its case's."""
    found = []
    with session_scope(write=False) as session:
        for name in SCOPE_COLUMNS:
            task_value, case_value = getattr(Task, name), getattr(Case, name)
            rows = session.execute(
                select(col(Task.id))
                .join(Case, col(Case.id) == col(Task.case_id))
                .where(or_(col(task_value).is_distinct_from(col(case_value))))
            ).scalars()
            found += [(str(task_id), name) for task_id in rows]
    return found


def _task_scopes(case_id: str) -> set[tuple[str | None, ...]]:
    with session_scope(write=False) as session:
        rows = session.execute(
            select(*(getattr(Task, name) for name in SCOPE_COLUMNS)).where(
                col(Task.case_id) == case_id
            )
        )
        return {tuple(row) for row in rows}


def _ids(api, user, **params):
    r = api.get("/tasks", params={"page_size": 100} | params, user=user)
    assert r.status_code == 200, r.text
    return {t["case_id"] for t in r.json()["items"]}, r.json()["total"]


def _filtered(**filters) -> set[str]:
    admin = Principal("admin", Role.admin, None)
    with session_scope(write=False) as session:
        listing = list_tasks(session, admin, TaskFilters(**filters), Window(1, 100))
    return {t.case_id for t in listing.rows}


def test_tasks_carry_their_cases_scope_through_every_write_path(api, db):
    # Raised by the intake (one event through the API) and by the HACS assessment.
    moved = received_case(api, at=NOW, release_in_days=40)
    assert _task_scopes(moved) == {("DMI", "E08000021", "NE", "NE")}
    # A new destination area from HACS: the case's tasks follow it (ORM flush).
    r = api.post(f"/cases/{moved}/hacs-assessment", json=hacs_body(destination_area=FAR_AREA))
    assert r.status_code == 201, r.text
    assert _task_scopes(moved) == {("DMI", FAR_AREA, "NE", "WA")}
    # A transfer to another region's prison, through the feed's route.
    number = api.get(f"/cases/{moved}").json()["prison_number"]
    transfer = follow_up("transfer", number=number, at=NOW, to_prison=FAR_PRISON)
    assert api.post("/events", json=transfer).status_code in (200, 201)
    assert _task_scopes(moved) == {(FAR_PRISON, FAR_AREA, "LN", "WA")}

    # A batch where a person is received and transferred before the batch is written.
    first = reception(at=NOW, release_in_days=30)
    in_batch, _ = apply_events(
        first,
        follow_up("transfer", number=first["prison_number"], at=NOW, to_prison=OTHER_PRISON),
    )
    assert _task_scopes(in_batch) == {(OTHER_PRISON, "E08000021", "NE", "NE")}

    # Raised set-based by the daily sweeps (INSERT ... SELECT), and one added as an object.
    run_sweeps(NOW.date() + timedelta(days=1), get_policy())
    with session_scope() as session:
        task = new_task(
            case_id=in_batch,
            kind=TaskKind.protect_tenancy,
            title="Check the tenancy",
            due_at=NOW,
            key=f"scope-test:{in_batch}",
        )
        insert_tasks(session, [task])
        session.add(
            Task(
                dedupe_key=f"scope-object:{in_batch}",
                case_id=in_batch,
                kind=TaskKind.protect_tenancy.value,
                team="hacs",
                title="Check the tenancy again",
                due_at=NOW,
                created_at=NOW,
                updated_at=NOW,
            )
        )
    with session_scope(write=False) as session:
        tasks = session.execute(select(func.count()).select_from(Task)).scalar_one()
        swept = session.execute(
            select(func.count()).where(col(Task.kind) == TaskKind.housing_unresolved.value)
        ).scalar_one()
    assert swept >= 2 and tasks >= 8  # the sweep raised housing tasks for both cases
    assert _mismatches() == []


def test_a_moved_cases_tasks_leave_the_lists_of_the_scopes_it_left(api, db):
    case_id = received_case(api, at=NOW)  # Durham (NE) to Newcastle (NE)
    assert case_id in _ids(api, "rom-ne")[0] and case_id in _ids(api, "durham")[0]
    assert case_id not in _ids(api, "rom-ln")[0]
    number = api.get(f"/cases/{case_id}").json()["prison_number"]
    transfer = follow_up("transfer", number=number, at=NOW, to_prison=FAR_PRISON)
    assert api.post("/events", json=transfer).status_code in (200, 201)
    # At Pentonville (London), still returning to Newcastle: both ROMs, the new prison's staff.
    assert case_id in _ids(api, "rom-ne")[0] and case_id in _ids(api, "rom-ln")[0]
    assert case_id not in _ids(api, "durham")[0]
    assert case_id in _ids(api, "pentonville")[0]
    # The pages' prison, area and region filters read the same columns.
    assert case_id in _filtered(prison=FAR_PRISON) and case_id in _filtered(region="LN")
    assert case_id in _filtered(area="E08000021") and case_id in _filtered(region="NE")
    assert case_id not in _filtered(prison="DMI") and case_id not in _filtered(region="WA")
    # The counts agree with the pages (exact below the cap).
    ids, total = _ids(api, "rom-ln")
    assert total == len(api.get("/tasks", params={"page_size": 100}, user="rom-ln").json()["items"])
    assert ids == {case_id}


def test_a_prison_moving_region_takes_its_cases_and_their_tasks_with_it(api, db):
    case_id = received_case(api, at=NOW, area=FAR_AREA)  # Durham (NE) to Cardiff (WA)
    assert case_id in _ids(api, "rom-ne")[0] and case_id not in _ids(api, "rom-ln")[0]
    reference = get_reference()
    durham = reference.prisons["DMI"]
    moved = reference.model_copy(
        update={"prisons": reference.prisons | {"DMI": durham.model_copy(update={"region": "LN"})}}
    )
    try:
        assert load_reference(db.engine, moved)["prisons"] == 1
        assert _task_scopes(case_id) == {("DMI", FAR_AREA, "LN", "WA")}
        assert case_id not in _ids(api, "rom-ne")[0] and case_id in _ids(api, "rom-ln")[0]
        assert _mismatches() == []
    finally:
        load_reference(db.engine, reference)
    assert _task_scopes(case_id) == {("DMI", FAR_AREA, "NE", "WA")}


def test_an_import_batch_moving_written_cases_moves_their_tasks(api, db):
    first, second = reception(at=NOW), reception(at=NOW, area=FAR_AREA)
    ids = apply_events(first, second)  # written by one batch
    moves = [
        follow_up("transfer", number=first["prison_number"], at=NOW, to_prison=FAR_PRISON),
        follow_up("transfer", number=second["prison_number"], at=NOW, to_prison=OTHER_PRISON),
    ]
    apply_events(*moves)  # loaded, changed and written by the next one
    assert _task_scopes(ids[0]) == {(FAR_PRISON, "E08000021", "LN", "NE")}
    assert _task_scopes(ids[1]) == {(OTHER_PRISON, FAR_AREA, "NE", "WA")}
    assert _mismatches() == []
