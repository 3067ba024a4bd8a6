"""The case table's indexes only readers use, set aside while a national caseload is first loaded.

Six indexes of the case table serve readers alone (storage/case_tables.py): the five holding
the caseload in its list order within each scope, which the lists read, and the (stage,
release date) one the housing horizon sweep reads. Intake never reads them and no constraint
rests on them. Every case a file brings inserts an entry in each, at pages spread over the
whole index, so a large first load (`resettle import-events --initial-load`: the go-live's
import into a database no one uses yet) runs faster, and slows less as the table grows, with
them dropped while it runs and built once at its end: a sort of every case, seconds at 1M
(bench/HISTORY.md, 2026-12-05 evening).

While they are set aside the lists and the sweep answer the same, by reading the case table. A
load that stops half-way (an error: `set_aside` builds them again on the way out; a killed
process: nothing can) leaves them missing until `restore` runs: at the start of every import
and in `resettle init`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, Index, inspect

from resettlement.storage.case_tables import Case

_CASE = Case.__table__  # type: ignore[attr-defined]
_FOR_READERS = {
    "ix_case_prison_order",
    "ix_case_area_order",
    "ix_case_prison_region_order",
    "ix_case_destination_region_order",
    "ix_case_release_order",
    "ix_case_stage_release",
}
READ_INDEXES: tuple[Index, ...] = tuple(
    sorted((i for i in _CASE.indexes if i.name in _FOR_READERS), key=lambda i: str(i.name))
)


def missing(engine: Engine) -> list[str]:
    """The read indexes the database does not hold (read without SQLite's write lock)."""
    reader = engine.execution_options(sqlite_write=False)
    held = {index["name"] for index in inspect(reader).get_indexes(_CASE.name)}
    return [str(index.name) for index in READ_INDEXES if index.name not in held]


def restore(engine: Engine) -> list[str]:
    """Build the read indexes the database lacks; their names."""
    absent = missing(engine)
    if absent:
        with engine.begin() as connection:
            for index in READ_INDEXES:
                if index.name in absent:
                    index.create(connection)
    return absent


@contextmanager
def set_aside(engine: Engine) -> Iterator[None]:
    """The read indexes dropped for the block, and built again when it ends, however it ends."""
    with engine.begin() as connection:
        for index in READ_INDEXES:
            index.drop(connection, checkfirst=True)
    try:
        yield
    finally:
        restore(engine)
