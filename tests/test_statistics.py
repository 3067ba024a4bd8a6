"""The importer analyses the tables it grew on PostgreSQL (storage/statistics.py)."""

import pytest
from sqlalchemy import text

from resettlement.storage.statistics import FIRST, analyse_grown

# A table of this test's own: other tests' writes to the case tables reach the statistics
# from other connections, up to seconds later, and would move its counts.
PROBE = "statistics_probe"


@pytest.fixture
def probe(db):
    if db.backend != "postgresql":
        pytest.skip("PostgreSQL only: SQLite plans without statistics")
    with db.engine.begin() as conn:
        conn.execute(text(f"DROP TABLE IF EXISTS {PROBE}"))
        conn.execute(text(f"CREATE TABLE {PROBE} (n integer)"))
    yield db
    with db.engine.begin() as conn:
        conn.execute(text(f"DROP TABLE {PROBE}"))


def _add(db, n: int) -> None:
    with db.engine.begin() as conn:
        conn.execute(text(f"INSERT INTO {PROBE} SELECT generate_series(1, :n)"), {"n": n})
        conn.execute(text("SELECT pg_stat_force_next_flush()"))  # counted at commit


def _analysed(db) -> int:
    query = f"SELECT analyze_count FROM pg_stat_user_tables WHERE relname = '{PROBE}'"
    with db.engine.connect() as conn:
        return int(conn.execute(text(query)).scalar_one())


def test_a_table_is_analysed_once_it_has_changed_by_as_many_rows_as_it_held(probe):
    _add(probe, FIRST - 10)
    assert analyse_grown(probe.engine, [PROBE]) == []
    _add(probe, 10)
    assert analyse_grown(probe.engine, [PROBE]) == [PROBE]  # FIRST rows: the first time
    assert _analysed(probe) == 1
    _add(probe, FIRST - 1)  # it held FIRST when analysed: FIRST more changes are needed
    assert analyse_grown(probe.engine, [PROBE]) == []
    _add(probe, 1)
    assert analyse_grown(probe.engine, [PROBE]) == [PROBE]
    assert analyse_grown(probe.engine, [PROBE]) == []  # nothing changed since
    assert _analysed(probe) == 2


def test_sqlite_plans_without_statistics_and_nothing_is_analysed(db):
    if db.backend != "sqlite":
        pytest.skip("SQLite only")
    assert analyse_grown(db.engine, ["case", "task"]) == []


def test_only_tables_the_catalogue_names_are_analysed(db):
    assert analyse_grown(db.engine, ['case"; DROP TABLE task; --']) == []
