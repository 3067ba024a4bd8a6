"""The gate before every request: body limits before parsing, authentication before the body,
no-store on API answers, 503 with Retry-After when the database is locked or away, /healthz."""

from __future__ import annotations

import os
import socket
import sqlite3
import threading
import time
from pathlib import Path

import pytest
import requests
from sqlalchemy.engine import make_url

from resettlement.guard import MAX_BODY_BYTES
from tests.conftest import NOW
from tests.factories import hacs_body, received_case, reception


def test_a_body_over_one_mebibyte_is_refused_413_before_it_is_parsed(api, db):
    case_id = received_case(api, at=NOW)
    big = b'{"notes": "' + b"x" * MAX_BODY_BYTES + b'"}'
    r = api.post(
        f"/cases/{case_id}/hacs-assessment",
        data=big,
        user="durham-hacs",
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 413


def test_a_chunked_body_is_cut_off_at_the_limit_too(api, db):
    def chunks():
        for _ in range(3):
            yield b"x" * (MAX_BODY_BYTES // 2)

    r = api.post("/events", data=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413


def _rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def test_an_anonymous_100_mb_post_is_refused_unread(server_url, db):
    """Answered at once from its headers: the server never reads (nor holds) the body."""
    before = _rss_kib()
    host, port = server_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        head = (
            "POST /api/v1/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {100 * 1024 * 1024}\r\n\r\n"
        )
        conn.sendall(head.encode() + b"{" * 65536)
        answer = conn.recv(4096).decode(errors="replace")
    assert answer.startswith("HTTP/1.1 413") or answer.startswith("HTTP/1.1 401")
    assert _rss_kib() - before < 50 * 1024


def test_an_anonymous_post_with_a_small_body_is_401_and_a_page_post_goes_to_sign_in(server_url, db):
    r = requests.post(f"{server_url}/api/v1/events", json=reception(at=NOW), timeout=10)
    assert r.status_code == 401
    r = requests.post(
        f"{server_url}/tasks/1/complete", data={"x": "y"}, timeout=10, allow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"] == "/sign-in"


def test_every_api_answer_says_no_store(api, db):
    assert api.get("/reference").headers["Cache-Control"] == "no-store"
    assert api.get("/cases/none").headers["Cache-Control"] == "no-store"
    assert api.get("/reference", user=None).headers["Cache-Control"] == "no-store"


def test_healthz_says_the_database_answers(server_url, db):
    body = requests.get(f"{server_url}/healthz", timeout=10).json()
    assert body == {"status": "ok", "database": "ok"}


def test_a_locked_sqlite_database_answers_writes_503_with_retry_after_and_reads_still_work(api, db):
    if db.backend != "sqlite":
        pytest.skip("SQLite's single write lock")
    case_id = received_case(api, at=NOW)
    path = make_url(db.url).database
    holder = sqlite3.connect(path, timeout=1, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process's long write transaction
    try:
        started = time.monotonic()
        r = api.post(f"/cases/{case_id}/hacs-assessment", json=hacs_body(), user="durham-hacs")
        waited = time.monotonic() - started
        assert r.status_code == 503 and r.headers["Retry-After"] == "5"
        assert waited < 20  # a few seconds (the request's wait), never the old 30 s hang
        read = api.get(f"/cases/{case_id}", user="durham")
        assert read.status_code == 200  # WAL readers never queue behind the writer
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    from resettlement.access import audit

    assert audit.drain(20)  # the read's audit row was written once the lock was free
    rows = api.get(f"/audit?case_id={case_id}&user=durham").json()["items"]
    assert [r["action"] for r in rows] == ["read"]


def test_the_sqlite_data_file_is_readable_by_its_owner_only(tmp_path):
    from resettlement.storage.db import make_engine

    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    engine = make_engine(url)
    with engine.connect() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x)")
        conn.commit()
    for name in ("fresh.db", "fresh.db-wal", "fresh.db-shm"):
        path = tmp_path / name
        if path.exists():
            assert os.stat(path).st_mode & 0o777 == 0o600, name
    engine.dispose()


def test_docs_are_for_signed_in_users_and_load_nothing_from_elsewhere(server_url, web, db):
    anonymous = requests.get(f"{server_url}/docs", timeout=10, allow_redirects=False)
    assert anonymous.status_code == 303
    web.sign_in("durham")
    page = web.get("/docs")
    assert page.status_code == 200 and "/assets/swagger-ui/swagger-ui-bundle.js" in page.text
    assert "http" not in page.text.split("<body>")[1].replace(server_url, "")
    assert web.get("/assets/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_parallel_wrong_passwords_are_counted_one_by_one_up_to_the_limit(server_url, db, web):
    from sqlalchemy import func, select

    from resettlement.storage.db import session_scope
    from resettlement.storage.tables import SignInFailure
    from tests.factories import WebClient

    limit = 5
    answers: list[str] = []

    def guess() -> None:
        client = WebClient(server_url)
        page = client.sign_in("durham", "wrong password, try again")
        answers.append("locked" if "Too many wrong passwords" in page.text else "checked")

    threads = [threading.Thread(target=guess) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert answers.count("checked") == limit and answers.count("locked") == 12 - limit
    with session_scope(write=False) as session:
        counted = session.execute(select(func.count()).select_from(SignInFailure)).scalar_one()
    assert counted == limit
    assert "Too many wrong passwords" in web.sign_in("durham").text  # right password, still locked
