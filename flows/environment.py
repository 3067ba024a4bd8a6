"""How the flows run Prefect: the environment, set before Prefect is first imported.

Embedded mode (no PREFECT_API_URL): flows run against Prefect's ephemeral API server, started
once per process, with its database under `<data_dir>/prefect` so that run history survives
restarts. Scale-out mode (PREFECT_API_URL set): the named Prefect server schedules and records.
In both, the flow heartbeat is off (it costs each flow call ~1 s at exit) and analytics are off.
Prefect reads its settings when imported, so `flows/__init__.py` calls `prepare()` first.
`scale_out()` itself lives in resettlement/orchestration.py, which decides the mode for both.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from resettlement.orchestration import scale_out
from resettlement.settings import get_settings

# A fresh Prefect database runs its migrations at the first start (~25 s measured here).
EPHEMERAL_STARTUP_TIMEOUT_S = 120


def prefect_home() -> Path:
    return (get_settings().data_dir / "prefect").resolve()


def prepare() -> None:
    """Set Prefect's environment (values already set by the operator win)."""
    if "prefect" in sys.modules:
        return  # settings already read: too late to change them, and nothing to do twice
    defaults = {
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
    }
    if not scale_out():
        home = prefect_home()
        home.mkdir(parents=True, exist_ok=True)
        defaults |= {
            "PREFECT_HOME": str(home),
            "PREFECT_SERVER_EPHEMERAL_ENABLED": "true",
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": str(EPHEMERAL_STARTUP_TIMEOUT_S),
        }
    for name, value in defaults.items():
        os.environ.setdefault(name, value)


@contextmanager
def flow_settings() -> Iterator[None]:
    """Around flow calls: no heartbeat thread (there is no env form of `None` for it)."""
    prepare()
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield
