"""List benchmark: GET /api/v1/cases and /tasks over a generated national caseload, real HTTP.

    python bench/api.py --cases N [--database-url URL] [--requests R] [--seed S] [--reuse]

Builds N cases with bench/generate.py (a new SQLite file, or an empty database at URL), runs the
daily sweeps once so that the task lists hold the day's work (`tasks` in the output), serves
the app with uvicorn in a subprocess on loopback, and times R sequential requests (after a
warm-up) of each of: page 1, a deep page, and the filter a prison team works from
(releasing_within_days=84&housing_resolved=false), the page after 20 pages walked by cursor
(`cursor_21`), and the task list (all, and open ones), as every role: prison staff (HMP Durham),
a ROM (North East), a CJIT worker (an area of the North East) and an admin. Prints one JSON
object: p50_ms and p95_ms over all of them, per query, per user and per (query, user) pair
(`by_query_user`, keyed "query/role"). `--reuse` times a database
at URL that an earlier run built (built now when empty), so a 1M build is paid once.
The target: p95 under 150 ms at 1M cases.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere
from bench.common import analyze, database_settings, emit, log, peak_rss_mb, seconds, use_database
from bench.generate import build_caseload

WARM_UP = 10
QUERIES: dict[str, tuple[str, dict[str, Any]]] = {
    "page_1": ("cases", {}),
    "page_20": ("cases", {"page": 20}),
    "releasing_unresolved": ("cases", {"releasing_within_days": 84, "housing_resolved": "false"}),
    "cursor_21": ("cases", {}),  # the cursor after 20 pages (fewer if the list ends sooner)
    "tasks": ("tasks", {}),
    "tasks_open": ("tasks", {"status": "open"}),
}
WALKED = 20


def _users(run: str) -> dict[str, tuple[str, str | None]]:
    """The four users, named for this run (a reused database keeps earlier runs' users)."""
    from resettlement.policy import get_reference

    area = sorted(a.code for a in get_reference().areas.values() if a.region == "NE")[0]
    return {
        f"bench-prison-{run}": ("prison_staff", "DMI"),
        f"bench-rom-{run}": ("rom", "NE"),
        f"bench-cjit-{run}": ("cjit_worker", area),
        f"bench-admin-{run}": ("admin", None),
    }


def _raise_the_days_work(engine: Any, today: Any) -> float:
    """The daily sweeps once, so that the task lists hold a live caseload's work (the generated
    caseload has none); nothing when the database already holds tasks. Returns the seconds."""
    from resettlement.daily import run_sweeps
    from resettlement.policy import get_policy

    if _count_tasks(engine):
        return 0.0
    log("running the daily sweeps once, so that the task lists hold the day's work")
    elapsed, _ = seconds(lambda: run_sweeps(today, get_policy()))
    return elapsed


def _count_tasks(engine: Any) -> int:
    from resettlement.storage.tables import Task

    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(Task)).scalar_one())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _tokens(users: dict[str, tuple[str, str | None]]) -> dict[str, str]:
    from resettlement.access.users import add_user
    from resettlement.policy import get_reference
    from resettlement.storage.db import session_scope
    from resettlement.vocabulary import Role

    with session_scope() as session:
        return {
            name: add_user(
                session, username=name, role=Role(role), scope=scope, reference=get_reference()
            )
            for name, (role, scope) in users.items()
        }


def _serve(port: int, workdir: Path) -> subprocess.Popen[bytes]:
    args = [sys.executable, "-m", "uvicorn", "--factory", "resettlement.app:create_app"]
    args += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    server = subprocess.Popen(
        args,
        env=os.environ.copy(),
        stdout=(workdir / "server.log").open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the API server exited: see " + str(workdir / "server.log"))
        try:
            requests.get(f"http://127.0.0.1:{port}/api/v1/reference", timeout=1)
            return server
        except requests.RequestException:
            time.sleep(0.2)
    os.killpg(server.pid, signal.SIGKILL)
    raise SystemExit("the API server did not start within 60 s")


def _time(
    http: requests.Session, url: str, token: str, params: dict[str, Any], n: int
) -> list[float]:
    headers = {"Authorization": f"Bearer {token}"}
    timings = []
    for i in range(WARM_UP + n):
        started = time.perf_counter()
        response = http.get(url, params=params, headers=headers, timeout=30)
        elapsed = (time.perf_counter() - started) * 1000
        response.raise_for_status()
        if i >= WARM_UP:
            timings.append(elapsed)
    return timings


def _walk(http: requests.Session, url: str, token: str, pages: int) -> str:
    """The cursor after `pages` pages walked from the first (the last page's, if fewer)."""
    headers = {"Authorization": f"Bearer {token}"}
    cursor: str | None = None
    for _ in range(pages):
        params = {"cursor": cursor} if cursor else {}
        answer = http.get(url, params=params, headers=headers, timeout=30)
        answer.raise_for_status()
        following = answer.json()["next_cursor"]
        if following is None:
            break
        cursor = following
    if cursor is None:
        raise SystemExit(f"one page only at {url}")
    return cursor


def _p(values: list[float], q: int) -> float:
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 1)


def _summary(groups: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    return {name: {"p50_ms": _p(t, 50), "p95_ms": _p(t, 95)} for name, t in groups.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time the database at --database-url an earlier run built (built now when empty)",
    )
    args = parser.parse_args()
    if args.reuse and not args.database_url:
        raise SystemExit("--reuse needs --database-url (the default database is a new file)")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        engine = use_database(args.database_url, workdir, reuse=args.reuse)
        from resettlement import clock
        from resettlement.storage.tables import Case

        today = clock.today()
        os.environ["RESETTLE_NOW"] = clock.start_of_day(today).isoformat()
        with engine.connect() as conn:
            built = conn.execute(select(func.count()).select_from(Case)).scalar_one()
        generate_s = 0.0
        if built:
            log(f"reusing {built} cases already in {engine.url}")
            args.cases = built
        else:
            log(f"generating {args.cases} cases into {engine.url}")
            generate_s, _ = seconds(lambda: build_caseload(engine, args.cases, args.seed, today))
        swept_s = _raise_the_days_work(engine, today)
        analyze(engine)
        users = _users(secrets.token_hex(3))
        tokens = _tokens(users)
        port = _free_port()
        server = _serve(port, workdir)
        try:
            base = f"http://127.0.0.1:{port}/api/v1/"
            per_query: dict[str, list[float]] = {}
            per_user: dict[str, list[float]] = {}
            per_pair: dict[str, list[float]] = {}
            with requests.Session() as http:
                for name, (path, params) in QUERIES.items():
                    for user in users:
                        log(f"timing {name} as {user}")
                        if name == "cursor_21":
                            walked = _walk(http, base + path, tokens[user], WALKED)
                            params = {"cursor": walked}
                        timings = _time(http, base + path, tokens[user], params, args.requests)
                        per_query.setdefault(name, []).extend(timings)
                        role = user.rsplit("-", 1)[0].removeprefix("bench-")
                        per_user.setdefault(user.rsplit("-", 1)[0], []).extend(timings)
                        per_pair[f"{name}/{role}"] = timings
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        every = [t for timings in per_query.values() for t in timings]
        emit(
            {
                "cases": args.cases,
                "database": engine.dialect.name,
                "requests": len(every),
                "p50_ms": _p(every, 50),
                "p95_ms": _p(every, 95),
                "by_query": _summary(per_query),
                "by_user": _summary(per_user),
                "by_query_user": _summary(per_pair),
                "generate_s": round(generate_s, 1),
                "sweeps_s": round(swept_s, 1),
                "tasks": _count_tasks(engine),
                "peak_rss_mb": peak_rss_mb(),
                "settings": database_settings(engine),
            }
        )
        engine.dispose()


if __name__ == "__main__":
    main()
