"""The fuzz step runs on its own (`make fuzz`, `pytest -m fuzz`): skipped in the default run."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "fuzz" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="the fuzz step: run with `make fuzz` (pytest -m fuzz)")
    for item in items:
        if "fuzz" in item.keywords:
            item.add_marker(skip)
