"""The release-and-after flows: handover SLA, tenancy checks and delivery, daily and right
after a release, each a thin flow over its service, under the session's Prefect harness."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import pytest
import requests
import uvicorn

from flows.handover_acceptance import handover_acceptance
from flows.handover_delivery import handover_delivery
from flows.pipes import PipesRunner
from flows.steps import DAILY_STEPS
from flows.tenancy_checks import tenancy_checks
from resettlement import clock
from resettlement.app import create_app
from resettlement.sweeps import SweepResult
from tests.cjit_peer import CjitPeer, free_port
from tests.conftest import NOW
from tests.factories import AREA, handover_of, released, set_area_system

pytestmark = [pytest.mark.flows, pytest.mark.usefixtures("prefect")]


@pytest.fixture
def peer(db) -> Iterator[CjitPeer]:
    server = CjitPeer()
    server.start()
    set_area_system(AREA, server.url)
    yield server
    set_area_system(AREA, None)
    server.stop()


def wait_for(predicate: Callable[[], bool], seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@contextmanager
def serving() -> Iterator[str]:
    """The app served as `resettle serve` serves it: uvicorn on loopback, lifespan on."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    assert wait_for(lambda: server.started, 20)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def test_the_daily_run_includes_the_sla_tenancy_and_delivery_steps():
    assert {handover_acceptance, tenancy_checks, handover_delivery} <= set(DAILY_STEPS)


def test_the_acceptance_flow_escalates_a_christmas_eve_release_on_wednesday_30th(db):
    christmas_eve = datetime(2026, 12, 24, 11, 0, tzinfo=UTC)
    with clock.frozen_at(christmas_eve):
        released(received_at=christmas_eve - timedelta(days=60), released_at=christmas_eve)
    assert handover_acceptance(as_of=date(2026, 12, 29)) == [SweepResult("handover_acceptance_sla")]
    (result,) = handover_acceptance(as_of=date(2026, 12, 30))
    assert result.raised == 1
    assert handover_acceptance(as_of=date(2026, 12, 30))[0].raised == 0


def test_the_tenancy_checks_flow_raises_the_checks_due_and_nothing_twice(db):
    released(received_at=NOW - timedelta(days=70), released_at=NOW - timedelta(days=10))
    assert tenancy_checks(as_of=NOW.date()) == [SweepResult("tenancy_checks", raised=2)]
    assert tenancy_checks(as_of=NOW.date())[0].raised == 0


def test_the_delivery_flow_sends_each_pending_handover_once(db, peer):
    cases = [released(received_at=NOW - timedelta(days=60), released_at=NOW)[0] for _ in range(2)]
    (result,) = handover_delivery()
    assert result.changed == 2
    assert handover_delivery()[0].changed == 0
    assert peer.sent() == Counter({handover_of(c).id: 1 for c in cases})


def test_a_release_is_delivered_right_away_by_the_pipes_flow_in_the_background(db, peer):
    runner = PipesRunner().start()
    try:
        case, _ = released(received_at=NOW - timedelta(days=60), released_at=NOW)
        assert wait_for(lambda: handover_of(case).delivery_state == "delivered")
    finally:
        runner.stop(timeout=30)
    assert len(peer.requests) == 1


def test_serving_the_app_delivers_releases_right_away_and_stops_cleanly(db, peer):
    with serving() as url:
        assert requests.get(f"{url}/healthz", timeout=10).ok
        case, _ = released(received_at=NOW - timedelta(days=60), released_at=NOW)
        assert wait_for(lambda: handover_of(case).delivery_state == "delivered")
    case, _ = released(received_at=NOW - timedelta(days=60), released_at=NOW)
    assert handover_of(case).delivery_state == "pending"  # stopped: the daily run sends it
    assert len(peer.requests) == 1
