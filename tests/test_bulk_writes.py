"""Storage's fast write paths: time-ordered ids, SQLite's instant binding, bulk inserts that
bypass SQLAlchemy's per-row parameters (storage/types.py, storage/bulk_insert.py)."""

import time
import uuid
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import DateTime
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from resettlement.storage.bulk_insert import insert_rows
from resettlement.storage.tables import Case, PrisonEvent, Task
from resettlement.storage.types import UTCDateTime, new_id
from resettlement.tasks.keys import dedupe_key
from resettlement.tasks.store import insert_task_rows, task_row
from resettlement.vocabulary import TaskKind
from tests.factories import case_row


def test_new_ids_are_version_7_uuids_in_the_order_they_were_made():
    first = [new_id() for _ in range(1000)]
    time.sleep(0.003)  # the next millisecond at least
    later = new_id()
    parsed = [uuid.UUID(value) for value in [*first, later]]
    assert {(u.version, u.variant) for u in parsed} == {(7, uuid.RFC_4122)}
    assert len(set(first)) == 1000
    assert later > max(first)  # as text too: an index of ids takes new rows at its end


@pytest.mark.parametrize(
    "instant",
    [
        datetime(2026, 6, 1, 9, 0, tzinfo=UTC),  # no microseconds: still written out
        datetime(2026, 7, 1, 9, 30, 0, 123, tzinfo=timezone(timedelta(hours=1))),
        datetime(2026, 3, 29, 1, 30, 5, 999999, tzinfo=ZoneInfo("Europe/London")),
        datetime(1, 1, 1, tzinfo=UTC),
    ],
)
def test_sqlite_binds_an_instant_as_sqlalchemys_datetime_would_in_utc(instant):
    ours = UTCDateTime()._cached_bind_processor(sqlite.dialect())
    theirs = DateTime()._cached_bind_processor(sqlite.dialect())
    assert ours is not None and theirs is not None
    assert ours(instant) == theirs(instant.astimezone(UTC).replace(tzinfo=None))
    assert ours(None) is None
    with pytest.raises(ValueError, match="naive datetime"):
        ours(datetime(2026, 6, 1))


def _event(case_id: str, event_id: str, at: datetime) -> dict:
    return {
        "event_id": event_id,
        "type": "reception",
        "case_id": case_id,
        "occurred_at": at,
        "received_at": at,
        "payload": {"event_id": event_id},
    }


def test_bulk_inserted_rows_are_found_by_their_instants_and_read_back_alike(db):
    at = datetime(2026, 7, 1, 9, 30, 0, 5, tzinfo=timezone(timedelta(hours=1)))
    with Session(db.engine) as session:
        case = case_row()
        session.add(case)
        session.commit()
        assert insert_rows(session, PrisonEvent.__table__, [_event(case.id, "e-1", at)]) == 1
        session.commit()
        event = session.exec(select(PrisonEvent).where(PrisonEvent.occurred_at == at)).one()
        assert (event.event_id, event.occurred_at, event.payload) == (
            "e-1",
            at,
            {"event_id": "e-1"},
        )


def test_a_duplicate_in_a_bulk_insert_is_an_integrity_error_and_nothing_of_it_stays(db):
    at = datetime(2026, 7, 1, 9, 30, tzinfo=UTC)
    with Session(db.engine) as session:
        case = case_row()
        session.add(case)
        session.commit()
        case_id = case.id
        rows = [_event(case_id, "e-1", at), _event(case_id, "e-2", at), _event(case_id, "e-1", at)]
        with pytest.raises(IntegrityError):  # as SQLAlchemy raises it: the importer replays
            insert_rows(session, PrisonEvent.__table__, rows)
        session.rollback()
        assert session.exec(select(PrisonEvent)).all() == []


def test_a_bulk_task_insert_skips_the_keys_there_already_and_counts_the_new(db):
    with Session(db.engine) as session:
        cases = [case_row(), case_row()]
        session.add_all(cases)
        session.commit()
        due = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

        def row(case: Case):
            kind = TaskKind.hacs_assessment_due
            key = dedupe_key(kind, case.id, case.episode)
            return task_row(case_id=case.id, kind=kind, title="HACS", due_at=due, key=key)

        assert insert_task_rows(session, [row(cases[0])]) == 1
        assert insert_task_rows(session, [row(cases[0]), row(cases[1])]) == 1
        session.commit()


def test_a_bulk_task_insert_takes_a_key_repeated_in_its_rows_once_and_twice_in_a_transaction(db):
    """PostgreSQL copies the rows into a temporary table first: it is empty again for the next
    insert of the same transaction, and a row the foreign key refuses leaves nothing behind."""
    with Session(db.engine) as session:
        case = case_row()
        session.add(case)
        session.commit()
        due = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

        def row(kind: TaskKind, case_id: str = case.id):
            key = dedupe_key(kind, case_id, 1)
            return task_row(case_id=case_id, kind=kind, title="t", due_at=due, key=key)

        hacs, carat = TaskKind.hacs_assessment_due, TaskKind.carat_triage_due
        assert insert_task_rows(session, [row(hacs), row(hacs)]) == 1
        assert insert_task_rows(session, [row(carat)]) == 1
        session.commit()
        with pytest.raises(IntegrityError):
            orphan = row(TaskKind.duty_to_refer, "no-such-case")
            insert_rows(session, Task.__table__, [orphan], skip_conflicts_on="dedupe_key")
        session.rollback()
        assert insert_task_rows(session, [row(TaskKind.duty_to_refer)]) == 1
        session.commit()
        keys = session.exec(select(Task.dedupe_key).where(Task.case_id == case.id)).all()
        assert sorted(keys) == sorted(
            dedupe_key(k, case.id, 1) for k in (hacs, carat, TaskKind.duty_to_refer)
        )
