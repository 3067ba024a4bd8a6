"""`resettle import-events FILE`: per-line outcome with reasons, keeps going, batches commits."""

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select
from sqlmodel import Session

from resettlement.policy import get_policy, get_reference
from resettlement.reception.importer import Importer
from resettlement.storage.tables import Case, Handover, PrisonEvent, Task
from tests.conftest import NOW
from tests.factories import follow_up, reception

RESETTLE = [sys.executable, "-m", "resettlement.cli.main"]


def _run(args: list[str], db) -> subprocess.CompletedProcess[str]:
    env = os.environ | {
        "RESETTLE_DATABASE_URL": db.url,
        "RESETTLE_NOW": NOW.isoformat(),
        "COLUMNS": "200",
    }
    return subprocess.run(
        [*RESETTLE, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def _count(db, model) -> int:
    with Session(db.engine) as s:
        return s.execute(select(func.count()).select_from(model)).scalar_one()


def _write(path: Path, lines: list[object]) -> Path:
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n")
    return path


def test_the_import_reports_each_line_and_keeps_going_past_bad_ones(db, tmp_path):
    first = reception(at=NOW)
    lines = [
        first,
        "{this is not json",
        reception(at=NOW, prison="ZZZ"),
        first,
        follow_up("transfer", number=first["prison_number"], at=NOW, to_prison="HHI"),
        follow_up("release", number="B1234CD", at=NOW),
    ]
    report = tmp_path / "report.jsonl"
    result = _run(
        [
            "import-events",
            str(_write(tmp_path / "events.jsonl", lines)),
            "--report",
            str(report),
            "--batch-size",
            "2",
        ],
        db,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "line 2: rejected: not valid JSON" in out
    assert "line 3: rejected" in out and "prison: unknown prison code 'ZZZ'" in out
    assert f"line 4: duplicate ({first['event_id']})" in out
    assert "line 6: rejected" in out and "prison_number" in out
    assert out.strip().endswith("2 accepted, 1 duplicate, 3 rejected")
    statuses = [json.loads(x)["status"] for x in report.read_text().splitlines()]
    assert statuses == ["accepted", "rejected", "rejected", "duplicate", "accepted", "rejected"]
    assert _count(db, Case) == 1 and _count(db, PrisonEvent) == 2


def test_importing_the_same_file_twice_changes_nothing(db, tmp_path):
    events = [reception(at=NOW) for _ in range(25)]
    path = _write(tmp_path / "events.jsonl", events)
    importer = Importer(
        db.engine, actor="test", policy=get_policy(), reference=get_reference(), batch_size=10
    )
    assert [r.outcome.status for r in importer.run(path.open())] == ["accepted"] * 25
    before = (_count(db, Case), _count(db, Task), _count(db, PrisonEvent))
    assert [r.outcome.status for r in importer.run(path.open())] == ["duplicate"] * 25
    assert (_count(db, Case), _count(db, Task), _count(db, PrisonEvent)) == before == (25, 50, 25)


def test_events_for_one_person_in_one_batch_apply_in_order(db, tmp_path):
    first = reception(at=NOW)
    number = first["prison_number"]
    lines = [
        first,
        follow_up("release", number=number, at=NOW),
        follow_up("recall", number=number, at=NOW),
        follow_up("withdrawn", number=number, at=NOW),
    ]
    importer = Importer(db.engine, actor="test", policy=get_policy(), reference=get_reference())
    results = list(importer.run(_write(tmp_path / "e.jsonl", lines).open()))
    assert [r.outcome.status for r in results] == ["accepted"] * 4
    with Session(db.engine) as s:
        case = s.exec(select(Case)).scalars().one()
        assert case.stage == "withdrawn" and case.episode == 2
        # the release's gate work ran before the recall that followed it in the same batch
        handover = s.exec(select(Handover)).scalars().one()
        assert handover.episode == 1 and handover.case_id == case.id


def test_a_missing_file_is_a_clear_error(db, tmp_path):
    result = _run(["import-events", str(tmp_path / "nope.jsonl")], db)
    assert result.returncode == 2 and "does not exist" in result.stderr


def test_a_database_that_init_has_not_prepared_is_refused_with_what_to_do(db, tmp_path):
    missing = tmp_path / "nowhere.db"
    env = os.environ | {"RESETTLE_DATABASE_URL": f"sqlite:///{missing}"}
    result = subprocess.run(
        [*RESETTLE, "import-events", __file__],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "run `resettle init` first" in result.stderr and not missing.exists()
