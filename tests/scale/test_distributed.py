"""End to end at scale-out: a real Prefect server on PostgreSQL, `resettle deploy`, two process
workers, the daily deployment fanned out one region-sweep run per region over a generated
multi-region caseload; the tasks it leaves equal those of an embedded daily run on the same data.

Every process it starts runs in its own process group and is killed, and both databases it
creates are dropped, whatever the outcome. Skipped, saying why, when PostgreSQL is unreachable.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine, text

from bench.generate import build_caseload
from resettlement import clock, policy
from resettlement.storage.migrate import load_reference, upgrade_to_head
from tests.conftest import _PG_SKIP_REASON, PG_URL, _free_port
from tests.scale.snapshot import task_snapshot

pytestmark = [pytest.mark.slow, pytest.mark.distributed]

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
AS_OF = date(2026, 11, 24)
CASES = 6000
SEED = 11
POOL = "e2e-resettlement"
STARTUP_S = 180
RUN_S = 240
FINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def _admin(sql: str) -> None:
    engine = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(sql))
    engine.dispose()


def _database(name: str) -> str:
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{name}"')
    return PG_URL.rsplit("/", 1)[0] + "/" + name


def _case_database(url: str) -> Any:
    """A migrated case database at `url` holding the generated caseload."""
    engine = create_engine(url)
    upgrade_to_head(engine)
    load_reference(engine, policy.get_reference())
    counts = build_caseload(engine, CASES, SEED, AS_OF)
    assert counts["handover"] and counts["release_plan"] and counts["referral"]
    return engine


def _snapshot(url: str) -> set[tuple[Any, ...]]:
    engine = create_engine(url)
    try:
        return task_snapshot(engine)
    finally:
        engine.dispose()


class Processes:
    """Started processes, each in its own group, all killed by `stop`."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.started: list[subprocess.Popen[bytes]] = []

    def start(self, name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}.log").open("wb")
        process = subprocess.Popen(
            args, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.started.append(process)
        return process

    def stop(self) -> None:
        for process in self.started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=15)

    def tail(self) -> str:
        return "\n".join(
            f"--- {log.name}\n" + log.read_text(errors="replace")[-3000:]
            for log in sorted(self.logs.glob("*.log"))
        )


@pytest.fixture
def environment(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """Two PostgreSQL databases of this process (Prefect's and the cases'), dropped after."""
    if _PG_SKIP_REASON:
        pytest.skip(_PG_SKIP_REASON)
    names = [f"resettle_prefect_{os.getpid()}", f"resettle_cases_{os.getpid()}"]
    processes = Processes(tmp_path)
    try:
        prefect_url = _database(names[0]).replace("+psycopg", "+asyncpg")
        yield {"prefect_db": prefect_url, "cases_db": _database(names[1]), "procs": processes}
    finally:
        processes.stop()
        for name in names:
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _base_env(tmp: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "RESETTLE_"))}
    return env | {
        "RESETTLE_DATABASE_URL": database_url,
        # Every process sees the daily run's instant, as `run-daily --as-of` does.
        "RESETTLE_NOW": clock.start_of_day(AS_OF).isoformat(),
        "RESETTLE_DATA_DIR": str(tmp / "data"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_HOME": str(tmp / "prefect-home"),
    }


def _wait_healthy(api: str, server: subprocess.Popen[bytes], procs: Processes) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        assert server.poll() is None, f"prefect server exited\n{procs.tail()}"
        try:
            if requests.get(f"{api}/health", timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    pytest.fail(f"prefect server not healthy after {STARTUP_S}s\n{procs.tail()}")


def _run_daily_deployment(api: str, procs: Processes) -> dict[str, Any]:
    deployment = requests.get(f"{api}/deployments/name/daily/daily", timeout=10)
    deployment.raise_for_status()
    created = requests.post(
        f"{api}/deployments/{deployment.json()['id']}/create_flow_run",
        json={"parameters": {"as_of": AS_OF.isoformat()}},
        timeout=10,
    )
    created.raise_for_status()
    run_id = created.json()["id"]
    deadline = time.monotonic() + RUN_S
    while time.monotonic() < deadline:
        run = requests.get(f"{api}/flow_runs/{run_id}", timeout=10).json()
        if run["state_type"] in FINAL:
            return run
        time.sleep(2)
    pytest.fail(f"the daily run did not finish within {RUN_S}s\n{procs.tail()}")


def _region_runs(api: str) -> list[dict[str, Any]]:
    body = {"flows": {"name": {"any_": ["region-sweep"]}}, "limit": 200}
    response = requests.post(f"{api}/flow_runs/filter", json=body, timeout=10)
    response.raise_for_status()
    return list(response.json())


def test_the_daily_run_fanned_out_over_two_workers_raises_what_the_embedded_run_raises(
    environment: dict[str, Any], tmp_path: Path
) -> None:
    procs: Processes = environment["procs"]
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = _base_env(tmp_path, environment["cases_db"])
    server_env = env | {"PREFECT_API_DATABASE_CONNECTION_URL": environment["prefect_db"]}
    server = procs.start(
        "server",
        [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        server_env,
    )
    _case_database(environment["cases_db"]).dispose()
    _wait_healthy(api, server, procs)

    client_env = env | {"PREFECT_API_URL": api, "PREFECT_WORKER_QUERY_SECONDS": "2"}
    deploy = subprocess.run(
        [str(BIN / "resettle"), "deploy", "--pool", POOL],
        env=client_env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr
    for name in ("worker-1", "worker-2"):
        procs.start(
            name,
            [str(BIN / "prefect"), "worker", "start", "--pool", POOL, "--name", name],
            client_env,
        )

    daily = _run_daily_deployment(api, procs)
    regions = _region_runs(api)
    assert daily["state_type"] == "COMPLETED", f"{daily['state']}\n{procs.tail()}"
    assert len(regions) == len(policy.get_reference().regions)
    assert {r["state_type"] for r in regions} == {"COMPLETED"}
    fanned_out = _snapshot(environment["cases_db"])
    assert fanned_out, "the generated caseload has tasks due"

    # The same caseload, afresh, swept by the embedded daily run (no Prefect server).
    _admin(f'DROP DATABASE "resettle_cases_{os.getpid()}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "resettle_cases_{os.getpid()}"')
    _case_database(environment["cases_db"]).dispose()
    run = subprocess.run(
        [str(BIN / "resettle"), "run-daily", "--as-of", AS_OF.isoformat()],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert _snapshot(environment["cases_db"]) == fanned_out
