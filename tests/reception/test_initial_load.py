"""`resettle import-events --initial-load`: the go-live's first load sets the case indexes
only readers use aside while it runs and builds them at its end, however it ends
(storage/read_indexes.py)."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from resettlement.policy import get_policy, get_reference
from resettlement.reception.importer import INITIAL_LOAD_BATCH_SIZE, Importer
from resettlement.storage import read_indexes
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Case, Task
from tests.conftest import NOW
from tests.factories import follow_up, reception
from tests.reads.test_paging import CALLERS, _plant, _walk_by_cursor, _walk_by_page
from tests.reception.test_importer import _run, _write

READ_INDEXES = sorted(str(index.name) for index in read_indexes.READ_INDEXES)


def _file(tmp_path: Path, people: int) -> Path:
    firsts = [reception(at=NOW) for _ in range(people)]
    moves = [
        follow_up("transfer", number=first["prison_number"], at=NOW, to_prison="HHI")
        for first in firsts[::3]
    ]
    return _write(tmp_path / "events.jsonl", [*firsts, *moves])


def _importer(db, *, initial_load: bool, batch_size: int | None = None) -> Importer:
    return Importer(
        db.engine,
        actor="test",
        policy=get_policy(),
        reference=get_reference(),
        batch_size=batch_size,
        initial_load=initial_load,
    )


def _counts(db) -> tuple[int, int]:
    with Session(db.engine) as s:
        return tuple(  # type: ignore[return-value]
            s.execute(select(func.count()).select_from(m)).scalar_one() for m in (Case, Task)
        )


def test_the_read_indexes_are_absent_while_a_first_load_runs_and_built_at_its_end(db, tmp_path):
    importer = _importer(db, initial_load=True, batch_size=10)
    assert read_indexes.missing(db.engine) == []
    seen_while_running: set[tuple[str, ...]] = set()
    statuses = []
    path = _file(tmp_path, 30)
    for result in importer.run(path.open()):
        statuses.append(result.outcome.status)
        seen_while_running.add(tuple(sorted(read_indexes.missing(db.engine))))
    assert statuses == ["accepted"] * 40
    assert seen_while_running == {tuple(READ_INDEXES)}
    assert read_indexes.missing(db.engine) == []
    assert _counts(db) == (30, 60)
    # Importing the same file again, as a first load or not, changes nothing.
    again = [r.outcome.status for r in importer.run(path.open())]
    assert again == ["duplicate"] * 40 and _counts(db) == (30, 60)
    assert read_indexes.missing(db.engine) == []


def test_a_first_load_commits_larger_batches_unless_told(db):
    assert _importer(db, initial_load=True).batch_size == INITIAL_LOAD_BATCH_SIZE
    assert _importer(db, initial_load=True, batch_size=50).batch_size == 50
    assert _importer(db, initial_load=False).batch_size < INITIAL_LOAD_BATCH_SIZE


def test_a_first_load_that_fails_half_way_builds_the_indexes_again(db, tmp_path):
    good = _file(tmp_path, 12).read_text().splitlines()

    def lines() -> Iterator[str]:
        yield from good[:11]
        raise OSError("the disk holding the file went away")

    importer = _importer(db, initial_load=True, batch_size=5)
    with pytest.raises(OSError, match="went away"):
        list(importer.run(lines()))
    assert read_indexes.missing(db.engine) == []
    assert _counts(db) == (10, 20)  # the two whole batches committed before it failed


def test_a_killed_first_load_is_mended_by_the_next_import_and_by_init(db, tmp_path):
    for index in read_indexes.READ_INDEXES:  # what a process killed mid-load leaves
        index.drop(db.engine)
    assert read_indexes.missing(db.engine) == READ_INDEXES
    statuses = [r.outcome.status for r in _importer(db, initial_load=False).run([])]
    assert statuses == [] and read_indexes.missing(db.engine) == []

    for index in read_indexes.READ_INDEXES:
        index.drop(db.engine)
    result = _run(["init"], db)
    assert result.returncode == 0, result.stderr
    assert "case read indexes built again: " + ", ".join(READ_INDEXES) in result.stdout
    assert read_indexes.missing(db.engine) == []


def test_the_command_runs_a_first_load(db, tmp_path):
    result = _run(["import-events", str(_file(tmp_path, 6)), "--initial-load"], db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("8 accepted, 0 duplicate, 0 rejected")
    assert read_indexes.missing(db.engine) == [] and _counts(db) == (6, 12)


def test_every_role_lists_the_same_cases_while_the_read_indexes_are_set_aside(db):
    with session_scope() as session:
        _plant(session, 60, seed=5)
    with session_scope(write=False) as session:
        indexed = {who: _walk_by_cursor(session, caller, 7) for who, caller in CALLERS.items()}
    with read_indexes.set_aside(db.engine):
        assert read_indexes.missing(db.engine) == READ_INDEXES
        with session_scope(write=False) as session:
            for who, caller in CALLERS.items():
                assert _walk_by_cursor(session, caller, 7) == indexed[who], who
                assert _walk_by_page(session, caller, 7) == indexed[who], who
    assert read_indexes.missing(db.engine) == []
