"""The port through which the system runs its flows; the flows (flows/, on Prefect) implement it.

The flows sit on top of this package and import it; it never imports them. The CLI, the
embedded scheduler and the web app reach the flows through `orchestrator()`, which loads the
implementation registered under the `resettlement.orchestrator` entry point (pyproject.toml):
`flows.runtime:PrefectOrchestrator`.

Two modes, chosen by settings alone: embedded (no PREFECT_API_URL: Prefect's ephemeral API in
this process, APScheduler fires the daily run) and scale-out (PREFECT_API_URL: a Prefect server
of record schedules deployments run by workers; no APScheduler).
"""

from __future__ import annotations

import os
from datetime import date
from functools import cache
from importlib.metadata import entry_points
from typing import Protocol

from resettlement.sweeps import StepOutcome

ENTRY_POINT_GROUP = "resettlement.orchestrator"


def scale_out() -> bool:
    """True when a Prefect server of record is configured: it schedules, not APScheduler."""
    return bool(os.environ.get("PREFECT_API_URL"))


class Background(Protocol):
    def stop(self, timeout: float | None = None) -> None: ...


class Orchestrator(Protocol):
    def describe(self) -> str:
        """Where flow runs go, in words for the operator."""
        ...

    def run_daily(self, day: date) -> list[StepOutcome]:
        """Every daily step once as of `day`; each step's outcome, failed ones included."""
        ...

    def start_pipes(self) -> Background:
        """Run the pipes (the HMPPS inbox, handover delivery, GOV.UK Notify messages) in the
        background soon after each commit that gives them work, and when retries fall due."""
        ...

    def deploy(self, pool: str, work_queue: str | None) -> list[str]:
        """Register the deployments on the Prefect server's process pool; their names."""
        ...


class NoOrchestrator(Exception):
    """The flows are not installed (no `resettlement.orchestrator` entry point)."""


@cache
def orchestrator() -> Orchestrator:
    """The installed implementation (the flows package): loaded once, on first use."""
    found = entry_points(group=ENTRY_POINT_GROUP)
    if not found:
        raise NoOrchestrator(
            f"no {ENTRY_POINT_GROUP!r} entry point: install the project (`make setup`)"
        )
    implementation: Orchestrator = next(iter(found)).load()()
    return implementation
