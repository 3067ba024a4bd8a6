"""Shared fixtures: a real database (SQLite file, and PostgreSQL when reachable), a real HTTP
server on loopback, a fixed clock, and users of every role."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
import uvicorn
from hypothesis import settings as hypothesis_settings
from sqlalchemy import Engine, create_engine, text
from sqlmodel import SQLModel

from resettlement import clock, policy, settings
from resettlement.storage import db as db_module
from resettlement.storage.backend_indexes import on_backend
from resettlement.storage.migrate import load_reference, upgrade_to_head
from resettlement.storage.tables import Area, Prison, Region
from tests.factories import USERS

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# No per-example deadline: a timing assertion, and these machines are shared (a pure test was
# seen taking 264 ms against the 200 ms default under load, then 1.4 ms on replay).
hypothesis_settings.register_profile("shared-machine", deadline=None)
hypothesis_settings.load_profile("shared-machine")
PG_URL = os.environ.get("RESETTLE_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # a Tuesday
REFERENCE_TABLES = {Region.__tablename__, Prison.__tablename__, Area.__tablename__}


def _pg_reachable() -> str | None:
    try:
        engine = create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any failure means: skip PostgreSQL runs, saying why
        return f"PostgreSQL not reachable at {PG_URL}: {type(exc).__name__}"


_PG_SKIP_REASON = _pg_reachable()


def _pg_database(worker: str) -> str:
    """A database of this test worker's own on the PostgreSQL server, created afresh."""
    name = f"resettle_test_{worker}_{os.getpid()}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return PG_URL.rsplit("/", 1)[0] + "/" + name


def _drop_pg_database(name: str) -> None:
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@dataclass
class TestDB:
    url: str
    engine: Engine

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def truncate(self) -> None:
        with self.engine.begin() as conn:
            for table in reversed(SQLModel.metadata.sorted_tables):
                if table.name not in REFERENCE_TABLES and on_backend(table, self.backend):
                    conn.execute(table.delete())


def _use(url: str) -> None:
    os.environ["RESETTLE_DATABASE_URL"] = url
    settings.get_settings.cache_clear()


@pytest.fixture(
    scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestDB]:
    """The case database, migrated to head with reference data loaded, on each backend."""
    if request.param == "postgres":
        if _PG_SKIP_REASON:
            pytest.skip(_PG_SKIP_REASON)
        url = _pg_database(os.environ.get("PYTEST_XDIST_WORKER", "main"))
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'resettle.db'}"
    previous = os.environ.get("RESETTLE_DATABASE_URL")
    _use(url)
    engine = db_module.get_engine()
    upgrade_to_head(engine)
    load_reference(engine, policy.get_reference())
    yield TestDB(url, engine)
    engine.dispose()
    if request.param == "postgres":
        _drop_pg_database(url.rsplit("/", 1)[1])
    if previous is None:
        os.environ.pop("RESETTLE_DATABASE_URL", None)
    else:
        os.environ["RESETTLE_DATABASE_URL"] = previous
    settings.get_settings.cache_clear()


@pytest.fixture
def db(database: TestDB) -> Iterator[TestDB]:
    """A clean case database (reference data kept) with the clock fixed at NOW."""
    _use(database.url)
    database.truncate()
    with clock.frozen_at(NOW):
        yield database


@pytest.fixture
def tokens(db: TestDB) -> dict[str, str]:
    """An API token per user in tests.factories.USERS."""
    from resettlement.access.users import add_user
    from resettlement.storage.db import session_scope

    out = {}
    with session_scope() as session:
        for name, (role, scope, team) in USERS.items():
            out[name] = add_user(
                session,
                username=name,
                role=role,
                scope=scope,
                team=team,
                reference=policy.get_reference(),
            )
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """The app served by uvicorn on a loopback port for the whole session (real HTTP)."""
    from resettlement.app import create_app

    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(), host="127.0.0.1", port=port, log_level="warning", lifespan="off"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("test server did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


class Api:
    """A requests client for the running server, one user at a time."""

    def __init__(self, base: str, tokens: dict[str, str]) -> None:
        self.base = base + "/api/v1"
        self.tokens = tokens
        self.http = requests.Session()

    def call(
        self,
        method: str,
        path: str,
        *,
        user: str | None = "admin",
        headers: dict[str, str] | None = None,
        **kwargs: object,
    ) -> requests.Response:
        headers = dict(headers or {})
        if user:
            headers["Authorization"] = f"Bearer {self.tokens[user]}"
        return self.http.request(method, self.base + path, headers=headers, timeout=30, **kwargs)  # type: ignore[arg-type]

    def get(self, path: str, **kw: object) -> requests.Response:
        return self.call("GET", path, **kw)

    def post(self, path: str, **kw: object) -> requests.Response:
        return self.call("POST", path, **kw)

    def put(self, path: str, **kw: object) -> requests.Response:
        return self.call("PUT", path, **kw)


@pytest.fixture
def api(server_url: str, tokens: dict[str, str]) -> Iterator[Api]:
    client = Api(server_url, tokens)
    yield client
    client.http.close()


@pytest.fixture
def web(server_url: str, tokens: dict[str, str]) -> Iterator[object]:
    """A signed-out browser-like client of the pages (cookies kept); every user has a password."""
    from tests.factories import WebClient, give_web_passwords

    give_web_passwords()
    client = WebClient(server_url)
    yield client
    client.http.close()


@pytest.fixture
def config_dir() -> Path:
    return settings.REPO_CONFIG_DIR


@pytest.fixture
def config_copy(tmp_path: Path) -> Path:
    """A copy of the shipped config/ folder, to break on purpose."""
    import shutil

    target = tmp_path / "config"
    shutil.copytree(settings.REPO_CONFIG_DIR, target)
    return target
