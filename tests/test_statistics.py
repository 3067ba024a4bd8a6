"""The importer analyses the tables it grew on PostgreSQL (storage/statistics.py)."""

import pytest
from sqlalchemy import text
from sqlmodel import Session

from resettlement.storage.statistics import FIRST, analyse_grown
from tests.factories import case_row


def _analysed(db) -> int:
    with db.engine.connect() as conn:
        query = "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'case'"
        return int(conn.execute(text(query)).scalar_one())


def _add_cases(db, n: int) -> None:
    with Session(db.engine) as session:
        session.add_all(case_row() for _ in range(n))
        session.execute(text("SELECT pg_stat_force_next_flush()"))  # counted at commit
        session.commit()


def test_a_table_is_analysed_once_it_has_changed_by_as_many_rows_as_it_held(db):
    if db.backend != "postgresql":
        assert analyse_grown(db.engine, ["case"]) == []  # SQLite plans without statistics
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text('ANALYZE "case"'))  # whatever earlier tests left: start from here
    before = _analysed(db)
    _add_cases(db, FIRST - 10)
    assert analyse_grown(db.engine, ["case", "task"]) == []
    _add_cases(db, 10)
    assert analyse_grown(db.engine, ["case", "task"]) == ["case"]
    assert _analysed(db) == before + 1
    assert analyse_grown(db.engine, ["case"]) == []  # nothing changed since


@pytest.mark.parametrize("name", ['case"; DROP TABLE task; --'])
def test_only_tables_the_catalogue_names_are_analysed(db, name):
    assert analyse_grown(db.engine, [name]) == []
