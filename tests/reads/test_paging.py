"""Keyset paging: a walk by `next_cursor` lists what a walk by page number lists, in the same
order, for every role's scope and both orders, and stays right when rows arrive mid-walk."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlmodel import Session, col, select

from resettlement.access.users import Principal
from resettlement.errors import InvalidInput
from resettlement.paging import Window, capped_count, decode_cursor, encode_cursor
from resettlement.reads.caseload import CaseFilters, list_cases
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Case
from resettlement.tasks.reads import TaskFilters, list_tasks
from resettlement.vocabulary import Role
from tests.factories import AREA, FAR_AREA, FAR_PRISON, OTHER_PRISON, PRISON, case_row

CALLERS = {
    "rom": Principal("rom-ne", Role.rom, "NE"),
    "admin": Principal("admin", Role.admin, None),
    "prison": Principal("durham", Role.prison_staff, PRISON),
    "cjit": Principal("newcastle", Role.cjit_worker, AREA),
}
FAMILY = ["Ahmed", "Brown", "Brown", "Clarke", "Davies"]


def _plant(session: Session, n: int, seed: int) -> None:
    """Cases in and out of the North East, ties on release date and name, some undated."""
    rng = random.Random(seed)
    for _ in range(n):
        release = None if rng.random() < 0.15 else date(2027, 1, 1) + timedelta(rng.randint(0, 6))
        session.add(
            case_row(
                prison=rng.choice([PRISON, OTHER_PRISON, FAR_PRISON]),
                destination_area=rng.choice([AREA, FAR_AREA, None]),
                family_name=rng.choice(FAMILY),
                release_date=release,
            )
        )


def _walk_by_cursor(session: Session, caller: Principal, size: int, **kw: object) -> list[str]:
    seen: list[str] = []
    cursor = None
    while True:
        listing = list_cases(session, caller, CaseFilters(), Window(1, size, cursor), **kw)  # type: ignore[arg-type]
        seen += [c.id for c in listing.rows]
        if listing.next_cursor is None:
            return seen
        cursor = listing.next_cursor


def _walk_by_page(session: Session, caller: Principal, size: int, **kw: object) -> list[str]:
    seen: list[str] = []
    page = 1
    while rows := list_cases(session, caller, CaseFilters(), Window(page, size), **kw).rows:  # type: ignore[arg-type]
        seen += [c.id for c in rows]
        page += 1
    return seen


@pytest.mark.parametrize("who", sorted(CALLERS))
@pytest.mark.parametrize("latest", [False, True])
def test_a_walk_by_cursor_lists_what_a_walk_by_page_lists(db, who, latest):
    with session_scope() as session:
        _plant(session, 90, seed=len(who))
    caller = CALLERS[who]
    with session_scope(write=False) as session:
        by_page = _walk_by_page(session, caller, 7, latest_release_first=latest)
        by_cursor = _walk_by_cursor(session, caller, 7, latest_release_first=latest)
        whole = list_cases(session, caller, CaseFilters(), Window(1, 100)).total
    assert by_cursor == by_page
    assert len(by_cursor) == len(set(by_cursor)) == whole > 0


def test_the_rom_sees_exactly_the_cases_of_its_regions_prisons_and_areas(db):
    with session_scope() as session:
        _plant(session, 60, seed=3)
    with session_scope(write=False) as session:
        listed = set(_walk_by_cursor(session, CALLERS["rom"], 9))
        cases = session.exec(select(Case)).all()
        expected = {c.id for c in cases if c.prison != FAR_PRISON or c.destination_area == AREA}
    assert listed == expected


def test_a_walk_by_cursor_neither_repeats_nor_skips_when_cases_arrive_mid_walk(db):
    with session_scope() as session:
        _plant(session, 40, seed=5)
    caller = CALLERS["rom"]
    with session_scope(write=False) as session:
        first = list_cases(session, caller, CaseFilters(), Window(1, 10))
        before = set(_walk_by_cursor(session, caller, 10))
    with session_scope() as session:  # new cases that sort before, among and after the rest
        _plant(session, 30, seed=6)
    with session_scope(write=False) as session:
        rest: list[str] = []
        cursor = first.next_cursor
        while cursor is not None:
            listing = list_cases(session, caller, CaseFilters(), Window(1, 10, cursor))
            rest += [c.id for c in listing.rows]
            cursor = listing.next_cursor
        fresh = _walk_by_cursor(session, caller, 10)
    walked = [c.id for c in first.rows] + rest
    assert len(walked) == len(set(walked))  # nothing twice
    assert before <= set(walked)  # nothing that was there skipped
    # after the first page, exactly what a fresh walk has after that page's last row
    assert rest == fresh[fresh.index(first.rows[-1].id) + 1 :]


def test_a_task_walk_by_cursor_lists_what_a_walk_by_page_lists(db, api):
    from tests.factories import reception

    for days in (30, 30, 60, 90, 5):
        for prison in (PRISON, FAR_PRISON):
            assert (
                api.post(
                    "/events", json=reception(at=_now(), prison=prison, release_in_days=days)
                ).status_code
                == 201
            )
    for who in ("rom-ne", "admin", "durham"):
        by_page, page = [], 1
        while items := api.get("/tasks", user=who, params={"page": page, "page_size": 3}).json()[
            "items"
        ]:
            by_page += [t["id"] for t in items]
            page += 1
        by_cursor, params = [], {"page_size": 3}
        while True:
            body = api.get("/tasks", user=who, params=params).json()
            by_cursor += [t["id"] for t in body["items"]]
            if body["next_cursor"] is None:
                break
            params = {"page_size": 3, "cursor": body["next_cursor"]}
        assert by_cursor == by_page and len(by_cursor) == body["total"] > 0, who


def _now():
    from tests.conftest import NOW

    return NOW


def test_a_list_answers_next_cursor_and_an_exact_total(db, api):
    from tests.factories import reception

    for _ in range(3):
        api.post("/events", json=reception(at=_now()))
    body = api.get("/cases", user="rom-ne", params={"page_size": 2}).json()
    assert body["total"] == 3 and body["total_exact"] is True and body["next_cursor"]
    second = api.get(
        "/cases", user="rom-ne", params={"page_size": 2, "cursor": body["next_cursor"]}
    )
    assert len(second.json()["items"]) == 1 and second.json()["next_cursor"] is None


@pytest.mark.parametrize("path", ["/cases", "/tasks", "/handovers", "/audit", "/notifications"])
def test_a_cursor_that_is_not_one_is_422_naming_the_field(db, api, path):
    r = api.get(path, user="admin", params={"cursor": "not-a-cursor!"})
    assert r.status_code == 422, r.text
    assert "cursor" in r.text


def test_a_cursor_holds_dates_times_strings_and_nothing_else():
    from datetime import UTC, datetime

    values = [date(2027, 1, 2), datetime(2027, 1, 2, 9, tzinfo=UTC), "Brown", 7, None]
    assert decode_cursor(encode_cursor(values), 5) == values
    with pytest.raises(InvalidInput):
        decode_cursor(encode_cursor(values), 3)


def test_counting_stops_at_the_limit_and_says_so(db):
    from sqlalchemy import select

    with session_scope() as session:
        _plant(session, 12, seed=9)
    with session_scope(write=False) as session:
        assert capped_count(session, select(Case), limit=5) == (5, False)
        assert capped_count(session, select(Case), limit=12) == (12, True)
        assert capped_count(session, select(Case), limit=100) == (12, True)


def test_a_count_over_disjoint_queries_sums_them_and_stops_at_the_limit_across_them(db):
    from sqlalchemy import select

    with session_scope() as session:
        _plant(session, 30, seed=11)
    here = select(Case).where(Case.prison == PRISON)
    elsewhere = select(Case).where(Case.prison != PRISON)
    with session_scope(write=False) as session:
        ours = capped_count(session, here, limit=100)[0]
        theirs = capped_count(session, elsewhere, limit=100)[0]
        assert 0 < ours < 30 and ours + theirs == 30
        assert capped_count(session, here, elsewhere, limit=100) == (30, True)
        assert capped_count(session, here, elsewhere, limit=29) == (29, False)
        assert capped_count(session, here, elsewhere, limit=ours) == (ours, False)


def test_the_tasks_list_takes_a_window(db):
    with session_scope(write=False) as session:
        listing = list_tasks(session, CALLERS["admin"], TaskFilters(), Window(1, 5))
    assert listing.rows == [] and listing.total == 0 and listing.next_cursor is None


def _plant_tasks(session: Session, n: int, seed: int) -> None:
    """n tasks over a few cases, many sharing a deadline (the id breaks the tie), some closed."""
    from datetime import UTC, datetime

    from resettlement.storage.tables import Task

    rnd = random.Random(seed)
    cases = [case_row() for _ in range(3)]
    session.add_all(cases)
    session.flush()
    start = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    for i in range(n):
        session.add(
            Task(
                dedupe_key=f"paging:{seed}:{i}",
                case_id=rnd.choice(cases).id,
                kind="housing_unresolved",
                team="hacs",
                title="Find somewhere to live",
                due_at=start + timedelta(days=rnd.randrange(6)),
                status=rnd.choice(["open", "open", "open", "done", "closed"]),
                created_at=start,
                updated_at=start,
            )
        )


def test_the_admins_open_task_list_walks_in_due_order_by_cursor_leaving_out_closed_ones(db):
    from resettlement.storage.tables import Task
    from resettlement.vocabulary import TaskStatus

    with session_scope() as session:
        _plant_tasks(session, 40, seed=5)
    with session_scope(write=False) as session:
        rows = session.execute(select(Task.due_at, Task.id, Task.status)).all()
        wanted = sorted((due, i) for due, i, status in rows if status == "open")
        walked, cursor = [], None
        while True:
            window = Window(1, 4, cursor)
            open_only = TaskFilters(status=TaskStatus.open)
            listing = list_tasks(session, CALLERS["admin"], open_only, window)
            walked += [(t.due_at, t.id) for t in listing.rows]
            if (cursor := listing.next_cursor) is None:
                break
    assert walked == wanted and listing.total == len(wanted) and listing.total_exact


def _page_plan(db, filters: TaskFilters, window: Window, *, sort: bool) -> list[str]:
    """EXPLAIN of the admin's list's page statement (its keys), with sequential scans (and,
    unless `sort`, sorts) priced out so that the plan shows whether an index can serve it."""
    from sqlalchemy import event, text

    seen: list[tuple[str, object]] = []

    def _capture(_c: object, _cur: object, statement: str, params: object, *_a: object) -> None:
        seen.append((statement, params))

    with session_scope(write=False) as session:
        event.listen(db.engine, "before_cursor_execute", _capture)
        try:
            list_tasks(session, CALLERS["admin"], filters, window)
        finally:
            event.remove(db.engine, "before_cursor_execute", _capture)
        statement, params = seen[0]  # the page's keys
        session.execute(text("SET LOCAL enable_seqscan = off"))
        if not sort:
            session.execute(text("SET LOCAL enable_sort = off"))
        conn = session.connection()
        return list(conn.exec_driver_sql(f"EXPLAIN {statement}", params).scalars().all())


def test_on_postgresql_the_admins_open_task_list_is_read_from_its_index_in_due_order(db):
    """The list's own page statement walks the open tasks' deadlines in order (no sort)."""
    if db.backend != "postgresql":
        pytest.skip("PostgreSQL only: SQLite reads ix_task_due_order (every task)")
    from resettlement.vocabulary import TaskStatus

    with session_scope() as session:
        _plant_tasks(session, 40, seed=6)
    plan = _page_plan(db, TaskFilters(status=TaskStatus.open), Window(1, 5), sort=False)
    assert any("ix_open_task_due_order" in line for line in plan), plan
    assert not any("Sort" in line for line in plan), plan


def _every_walk(session: Session, status: object = None) -> tuple[list[object], list[object]]:
    """The admin's task list with `status`, walked by cursor and by page number (4 a page)."""
    filters = TaskFilters(status=status)  # type: ignore[arg-type]
    by_cursor, cursor = [], None
    while True:
        listing = list_tasks(session, CALLERS["admin"], filters, Window(1, 4, cursor))
        by_cursor += [(t.due_at, t.id) for t in listing.rows]
        if (cursor := listing.next_cursor) is None:
            break
    by_page, page = [], 1
    while rows := list_tasks(session, CALLERS["admin"], filters, Window(page, 4)).rows:
        by_page += [(t.due_at, t.id) for t in rows]
        page += 1
    return by_cursor, by_page


def test_the_admins_task_list_of_every_status_walks_in_due_order_as_tasks_close_and_reopen(db):
    """On PostgreSQL a merge of the open tasks' walk and the others' (storage/open_task_due.py)."""
    from sqlalchemy import update

    from resettlement.storage.tables import Task
    from resettlement.vocabulary import TaskStatus

    with session_scope() as session:
        _plant_tasks(session, 40, seed=7)
    for round_ in range(2):
        with session_scope(write=False) as session:
            rows = session.execute(select(Task.due_at, Task.id, Task.status)).all()
            for status in (None, TaskStatus.done, TaskStatus.open):
                wanted = sorted((due, i) for due, i, s in rows if status in (None, s))
                assert _every_walk(session, status) == (wanted, wanted), (round_, status)
        with session_scope() as session:  # some open ones closed, some closed ones reopened
            ids = sorted(i for _due, i, _s in rows)
            session.execute(update(Task).where(col(Task.id).in_(ids[::3])).values(status="closed"))
            session.execute(update(Task).where(col(Task.id).in_(ids[1::4])).values(status="open"))


def test_on_postgresql_the_admins_task_list_of_every_status_is_read_from_two_indexes(db):
    """The page's keys: the open tasks' deadlines and the others' walked in order, no scan."""
    if db.backend != "postgresql":
        pytest.skip("PostgreSQL only: SQLite reads ix_task_due_order (every task)")
    with session_scope() as session:
        _plant_tasks(session, 40, seed=8)
    plan = _page_plan(db, TaskFilters(), Window(3, 5), sort=True)
    assert any("ix_open_task_due_order" in line for line in plan), plan
    assert any("ix_task_closed_due" in line for line in plan), plan
    assert not any("Seq Scan" in line for line in plan), plan
