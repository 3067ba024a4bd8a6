"""Storage: migrations match the tables, SQLite runs in WAL mode, instants keep their offset."""

import sqlite3
from contextlib import closing
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, Integer, LargeBinary, MetaData, Table, insert, text
from sqlmodel import Session, SQLModel

from resettlement import clock
from resettlement.horizon.sweep import sweep_housing_horizon
from resettlement.policy import get_policy
from resettlement.storage.backend_indexes import for_backend
from resettlement.storage.db import SQLITE_PRAGMAS, checkpoint, make_engine, session_scope
from resettlement.storage.tables import Case
from tests.factories import case_row


def test_the_migrations_build_exactly_the_tables_the_code_declares(db):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": for_backend(conn.dialect.name)}
        )
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(db):
    if db.backend != "sqlite":
        pytest.skip("SQLite only")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def _sqlite_modes(session) -> tuple[int, ...]:
    conn = session.connection()
    names = [pragma.split("=")[0] for pragma in SQLITE_PRAGMAS[False]]
    return tuple(conn.exec_driver_sql(f"PRAGMA {name}").scalar() for name in names)


def test_a_bulk_session_on_sqlite_has_its_own_cache_and_checkpoints_and_the_next_is_normal(db):
    if db.backend != "sqlite":
        pytest.skip("SQLite only: on PostgreSQL a bulk session is an ordinary one")
    # temp_store 2: in memory; journal_size_limit -1: the WAL file keeps its size
    normal, bulk = (-65536, 0, 1000, 67108864), (-262144, 2, 100000, -1)
    for_each = [(False, normal), (True, bulk), (True, bulk), (False, normal), (True, bulk)]
    for is_bulk, expected in for_each:  # the same pooled connection, switched at each BEGIN
        with session_scope(db.engine, bulk=is_bulk) as session:
            assert _sqlite_modes(session) == expected
            session.add(case_row())
    with session_scope(db.engine, write=False) as session:
        assert _sqlite_modes(session) == normal
    checkpoint(db.engine)
    # The database file alone, its WAL ignored (immutable), holds every row written: copied.
    path = db.engine.url.database
    with closing(sqlite3.connect(f"file:{path}?immutable=1", uri=True)) as file_only:
        assert file_only.execute('SELECT count(*) FROM "case"').fetchone() == (len(for_each),)


def test_an_import_leaves_the_wal_file_at_its_size_and_the_next_ordinary_write_cuts_it_back(
    tmp_path,
):
    """A WAL file cut back and regrown in every cycle cost an import at 1M 7% of its perf
    samples in the kernel, zeroing new blocks (bench/HISTORY.md, 2026-12-04 night)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'import.db'}")
    blobs = Table(
        "blob", MetaData(), Column("id", Integer, primary_key=True), Column("data", LargeBinary)
    )
    blobs.create(engine)
    wal, limit = tmp_path / "import.db-wal", 64 << 20
    megabyte = bytes(range(256)) * 4096

    def write(rows: int, *, bulk: bool) -> int:
        """The WAL file's size after a transaction that restarts the WAL, checkpointed before."""
        checkpoint(engine)
        with session_scope(engine, bulk=bulk) as session:
            session.execute(insert(blobs), [{"data": megabyte} for _ in range(rows)])
        return wal.stat().st_size

    try:
        grown = write(72, bulk=True)  # over the ordinary limit, well under a bulk checkpoint
        assert grown > limit
        assert write(1, bulk=True) == grown  # restarted at its start, the file kept
        assert write(1, bulk=False) <= limit  # restarted and cut back
    finally:
        engine.dispose()


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


def test_on_postgresql_an_escalation_rewrites_the_task_in_its_own_page(db):
    """No index holds a column an escalation changes, and task pages keep room (HOT)."""
    if db.backend != "postgresql":
        pytest.skip("PostgreSQL only: HOT updates are how PostgreSQL rewrites a row in place")
    today = date(2026, 11, 24)
    with session_scope() as session:
        session.add_all(case_row(release_date=today + timedelta(days=57)) for _ in range(5))
    counts = text(
        "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relname = 'task'"
    )
    for day in (today, today + timedelta(days=1)):  # raised at level 1, then risen to level 2
        with clock.frozen_at(clock.start_of_day(day)), session_scope() as session:
            # The backend may still hold counts of its earlier transactions not yet flushed
            # (PostgreSQL 15 flushes at most once a second): count this sweep's alone.
            before = session.execute(counts).one()
            result = sweep_housing_horizon(session, today=day, policy=get_policy())
            after = session.execute(counts).one()
            updated, in_place = after[0] - before[0], after[1] - before[1]
    assert (result.escalated, updated, in_place) == (5, 5, 5)
    with db.engine.connect() as conn:
        options = conn.execute(text("SELECT reloptions FROM pg_class WHERE relname = 'task'"))
        assert options.scalar_one() == ["fillfactor=50"]
