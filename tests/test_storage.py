"""Storage: migrations match the tables, SQLite runs in WAL mode, instants keep their offset."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import Session, SQLModel

from resettlement.storage.tables import Case
from tests.factories import case_row


def test_the_migrations_build_exactly_the_tables_the_code_declares(db):
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(db):
    if db.backend != "sqlite":
        pytest.skip("SQLite only")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_an_instant_comes_back_in_utc_whatever_offset_it_was_stored_with(db):
    bst = timezone(timedelta(hours=1))
    stored = datetime(2026, 7, 1, 9, 30, tzinfo=bst)
    with Session(db.engine) as session:
        case = case_row(created_at=stored, updated_at=stored)
        session.add(case)
        session.commit()
        case_id = case.id
    with Session(db.engine) as session:
        loaded = session.get(Case, case_id)
        assert loaded is not None
        assert loaded.created_at == stored and loaded.created_at.tzinfo == UTC


def test_a_naive_instant_is_refused(db):
    with Session(db.engine) as session:
        session.add(case_row(created_at=datetime(2026, 7, 1), updated_at=datetime(2026, 7, 1)))
        with pytest.raises(Exception, match="naive datetime"):
            session.commit()
