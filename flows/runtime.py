"""The flows as the system's orchestrator (resettlement/orchestration.py's port), registered
under the `resettlement.orchestrator` entry point in pyproject.toml."""

from __future__ import annotations

from datetime import date

from flows import environment
from flows.daily import run_daily
from flows.deploy import ensure_process_pool, register
from flows.pipes import PipesRunner
from resettlement.orchestration import scale_out
from resettlement.sweeps import StepOutcome


class PrefectOrchestrator:
    """Prefect runs the flows: its ephemeral API in this process, or the server of record."""

    def describe(self) -> str:
        if scale_out():
            return "scale-out: flow runs are recorded by the Prefect server at PREFECT_API_URL"
        home = environment.prefect_home()
        return f"embedded: Prefect's ephemeral API, run history in {home}"

    def run_daily(self, day: date) -> list[StepOutcome]:
        return run_daily(as_of=day)

    def start_pipes(self) -> PipesRunner:
        return PipesRunner().start()

    def deploy(self, pool: str, work_queue: str | None) -> list[str]:
        ensure_process_pool(pool)
        return register(pool, work_queue)
