"""Flow tests run against one Prefect test server for the whole session (~20 s to start).

Only tests that ask for `prefect` pay for it; the rules and services are tested without it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from flows.environment import flow_settings, prepare


@pytest.fixture(scope="session")
def prefect() -> Iterator[None]:
    """Prefect's test harness (a temporary API database), heartbeat off as in production."""
    prepare()
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120), flow_settings():
        yield
