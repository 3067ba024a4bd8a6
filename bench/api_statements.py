"""The list benchmark's statements, one (query, role) at a time, in process (issue #16).

    python bench/api_statements.py URL [PAIR ...] [--explain] [--series]

Calls `list_cases` / `list_tasks` as the routes do for each of bench/api.py's queries and roles
(PAIR: `query/role`, a query or a role; all when none), captures every SELECT they run with
SQLAlchemy's `before_cursor_execute`, runs each again with `fetchall()` (SQLite steps a
statement as it is fetched, so the execute alone times nothing) and prints the fastest of three
runs per statement in milliseconds (`--series`: fourteen runs, all printed: psycopg prepares a
statement on its fifth run, after which PostgreSQL may switch to a generic plan). `--explain`
prints EXPLAIN QUERY PLAN (SQLite) or EXPLAIN (ANALYZE, BUFFERS) (PostgreSQL: the custom plan;
for the generic one, PREPARE the statement in psql under plan_cache_mode = force_generic_plan
and EXPLAIN ANALYZE EXECUTE it). Reads only; run with `PYTHONPATH=.`.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

ROUNDS, SERIES = 3, 14


def main() -> None:
    url, flags = sys.argv[1], {a for a in sys.argv[2:] if a.startswith("--")}
    only = [a for a in sys.argv[2:] if not a.startswith("--")]
    os.environ["RESETTLE_DATABASE_URL"] = url
    from resettlement import clock, settings

    settings.get_settings.cache_clear()
    os.environ["RESETTLE_NOW"] = clock.start_of_day(clock.today()).isoformat()
    from sqlalchemy import event
    from sqlmodel import Session

    from resettlement.access.users import Principal
    from resettlement.paging import Window
    from resettlement.policy import get_reference
    from resettlement.reads.caseload import CaseFilters, list_cases
    from resettlement.storage.db import get_engine
    from resettlement.tasks.reads import TaskFilters, list_tasks
    from resettlement.vocabulary import Role, TaskStatus

    engine = get_engine()
    pg = engine.dialect.name == "postgresql"
    area = sorted(a.code for a in get_reference().areas.values() if a.region == "NE")[0]
    users = {
        "prison": Principal("p", Role.prison_staff, "DMI"),
        "rom": Principal("r", Role.rom, "NE"),
        "cjit": Principal("c", Role.cjit_worker, area),
        "admin": Principal("a", Role.admin, None),
    }
    captured: list[tuple[str, Any]] = []

    @event.listens_for(engine, "after_cursor_execute")
    def _seen(_c: Any, _cur: Any, statement: str, params: Any, _ctx: Any, _many: bool) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            captured.append((statement, params))

    def run(session: Session, name: str, who: Principal) -> None:
        if name.startswith("tasks"):
            status = TaskStatus.open if name == "tasks_open" else None
            list_tasks(session, who, TaskFilters(status=status), Window(1, 50))
            return
        filters = CaseFilters()
        if name == "releasing_unresolved":
            filters = CaseFilters(releasing_within_days=84, housing_resolved=False)
        cursor = None
        if name == "cursor_21":  # the page after 20 walked by cursor, as bench/api.py's
            for _ in range(20):
                cursor = list_cases(session, who, filters, Window(1, 50, cursor)).next_cursor
        captured.clear()
        list_cases(session, who, filters, Window(20 if name == "page_20" else 1, 50, cursor))

    queries = ["page_1", "page_20", "releasing_unresolved", "cursor_21", "tasks", "tasks_open"]
    with Session(engine) as session:
        for query in queries:
            for role, who in users.items():
                pair = f"{query}/{role}"
                if only and not {pair, query, role} & set(only):
                    continue
                captured.clear()
                run(session, query, who)
                statements, timed = list(captured), []
                for statement, params in statements:
                    runs = []
                    for _ in range(SERIES if "--series" in flags else ROUNDS):
                        started = time.perf_counter()
                        session.connection().exec_driver_sql(statement, params).fetchall()
                        runs.append((time.perf_counter() - started) * 1000)
                    timed.append(min(runs[-ROUNDS:]))
                    if "--series" in flags:
                        print("   series", [round(t, 1) for t in runs])
                print(f"== {pair}: " + " + ".join(f"{t:.1f}" for t in timed) + " ms", flush=True)
                if "--explain" in flags:
                    for (statement, params), ms in zip(statements, timed, strict=True):
                        print(f"-- {ms:.1f} ms: {statement}\n   {params}")
                        prefix = "EXPLAIN (ANALYZE, BUFFERS) " if pg else "EXPLAIN QUERY PLAN "
                        plan = session.connection().exec_driver_sql(prefix + statement, params)
                        for row in plan:
                            print("   ", row[0] if pg else row[-1])
                session.rollback()


if __name__ == "__main__":
    main()
