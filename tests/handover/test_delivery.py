"""Handover delivery against a real CJIT case system on loopback: healthy, refusing, 500, slow,
malformed, down and back — every handover delivered exactly once, counted on the server side."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import update

from integrations.cjit import (
    CjitBadResponse,
    CjitRejected,
    CjitServerError,
    CjitTimeout,
    CjitUnavailable,
    HttpCjitClient,
)
from resettlement.handover.delivery import deliver_pending
from resettlement.policy import Policy, get_policy
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Case, Handover
from tests.cjit_peer import CjitPeer, free_port
from tests.conftest import NOW
from tests.factories import (
    AREA,
    apply_events,
    handover_of,
    release_event,
    released,
    set_area_system,
)

READ_TIMEOUT_S = 0.25  # shorter than the slow peer's answer: for the tests of slowness
# Every other test waits long enough for a loaded shared machine to answer (a 0.25 s read
# timeout once turned a 422 into a timeout first, then a retry).
PATIENT_READ_TIMEOUT_S = 5.0


@pytest.fixture
def peer(db) -> Iterator[CjitPeer]:
    server = CjitPeer()
    server.start()
    set_area_system(AREA, server.url)
    yield server
    set_area_system(AREA, None)
    server.stop()


def fast(policy: Policy | None = None, **changes: float) -> Policy:
    """The shipped policy with test-sized timeouts and backoff."""
    base = policy or get_policy()
    handover = base.handover.model_copy(
        update={
            "delivery_connect_timeout_s": 1.0,
            "delivery_read_timeout_s": PATIENT_READ_TIMEOUT_S,
            "delivery_backoff_s": 0.01,
            "delivery_max_attempts": 3,
        }
        | changes
    )
    return base.model_copy(update={"handover": handover})


class Pauses(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def run(db, **kw) -> tuple[object, Pauses]:
    pauses = Pauses()
    result = deliver_pending(
        db.engine, now=NOW, policy=kw.pop("policy", fast()), sleep=pauses, **kw
    )
    return result, pauses


def release_some(n: int) -> list[str]:
    return [released(received_at=NOW - timedelta(days=60), released_at=NOW)[0] for _ in range(n)]


def test_a_healthy_system_gets_each_handover_once_with_its_id_as_idempotency_key(db, peer):
    cases = release_some(3)
    run(db)
    handovers = [handover_of(c) for c in cases]
    assert peer.sent() == Counter({h.id: 1 for h in handovers})
    for h in handovers:
        assert h.delivery_state == "delivered" and h.delivery_attempts == 1
        assert h.delivery_reference == peer.stored[h.id] and h.delivered_at == NOW
        assert h.sent_at == NOW and h.delivery_last_error is None
    assert all(body == handover_of(body["case_id"]).packet for _, body in peer.requests)
    run(db)
    assert len(peer.requests) == 3  # a delivered handover is never sent again


def test_a_refused_connection_fails_after_the_attempts_with_doubling_pauses(db, peer):
    (case,) = release_some(1)
    set_area_system(AREA, f"http://127.0.0.1:{free_port()}")
    _, pauses = run(db)
    h = handover_of(case)
    assert h.delivery_state == "failed" and h.delivery_attempts == 3
    assert (
        h.delivery_last_error.startswith("CjitUnavailable") and "refused" in h.delivery_last_error
    )
    assert pauses == [0.01, 0.02]


def test_a_system_answering_500_is_retried_then_delivered_once_by_a_later_run(db, peer):
    (case,) = release_some(1)
    peer.mode = "500"
    run(db)
    h = handover_of(case)
    assert (h.delivery_state, h.delivery_attempts) == ("failed", 3)
    assert "HTTP 500" in h.delivery_last_error and len(peer.requests) == 3
    peer.mode = "ok"
    run(db)
    h = handover_of(case)
    assert (h.delivery_state, h.delivery_attempts) == ("delivered", 4)
    assert len(peer.stored) == 1 and h.delivery_last_error is None


def test_an_answer_slower_than_the_read_timeout_fails_and_the_retry_is_deduplicated(db, peer):
    (case,) = release_some(1)
    peer.mode = "slow"
    run(db, policy=fast(delivery_max_attempts=1, delivery_read_timeout_s=READ_TIMEOUT_S))
    h = handover_of(case)
    assert h.delivery_state == "failed" and h.delivery_last_error.startswith("CjitTimeout")
    peer.mode = "ok"
    run(db)
    h = handover_of(case)
    assert h.delivery_state == "delivered"
    assert peer.stored == {h.id: h.delivery_reference}  # the peer holds it once, same reference


def test_malformed_json_is_a_failure_and_the_handover_is_still_held_once(db, peer):
    (case,) = release_some(1)
    peer.mode = "malformed"
    run(db)
    h = handover_of(case)
    assert h.delivery_state == "failed" and h.delivery_last_error.startswith("CjitBadResponse")
    peer.mode = "ok"
    run(db)
    assert handover_of(case).delivery_state == "delivered" and len(peer.stored) == 1


def test_a_system_down_for_hours_loses_nothing_and_gets_each_handover_exactly_once(db, peer):
    cases = release_some(3)
    peer.stop()
    for _ in range(3):  # three runs while it is down
        run(db)
    assert {handover_of(c).delivery_state for c in cases} == {"failed"}
    assert {handover_of(c).delivery_attempts for c in cases} == {9}
    peer.start()
    run(db)
    run(db)
    ids = {handover_of(c).id for c in cases}
    assert peer.sent() == Counter(dict.fromkeys(ids, 1))
    assert {handover_of(c).delivery_state for c in cases} == {"delivered"}


def test_a_refusal_is_not_retried_in_the_run_and_no_packet_text_reaches_the_error(db, peer, caplog):
    (case,) = release_some(1)
    peer.mode = "echo-422"
    with caplog.at_level(logging.INFO):
        _, pauses = run(db)
    h = handover_of(case)
    assert (h.delivery_state, h.delivery_attempts, pauses) == ("failed", 1, [])
    assert (
        h.delivery_last_error
        == f"CjitRejected: 127.0.0.1:{peer.port}: refused the handover with HTTP 422"
    )
    assert "Morgan" not in caplog.text and "Morgan" not in h.delivery_last_error


def test_two_runs_at_once_never_send_the_same_handover_twice(db, peer):
    cases = release_some(4)
    peer.mode = "slow"
    policy = fast(delivery_read_timeout_s=5.0)
    threads = [
        threading.Thread(target=run, args=(db,), kwargs={"policy": policy}) for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peer.sent() == Counter({handover_of(c).id: 1 for c in cases})
    assert {handover_of(c).delivery_state for c in cases} == {"delivered"}


def test_a_claim_left_by_a_crashed_run_is_taken_over_once_it_is_stale(db, peer):
    (case,) = release_some(1)
    with session_scope() as session:
        session.execute(
            update(Handover)
            .where(Handover.case_id == case)
            .values(delivery_state="sending", delivery_claimed_at=NOW - timedelta(hours=1))
        )
    run(db)
    assert handover_of(case).delivery_state == "delivered" and len(peer.requests) == 1


def test_a_fresh_claim_of_another_run_is_left_alone(db, peer):
    (case,) = release_some(1)
    with session_scope() as session:
        session.execute(
            update(Handover)
            .where(Handover.case_id == case)
            .values(delivery_state="sending", delivery_claimed_at=NOW)
        )
    run(db)
    assert handover_of(case).delivery_state == "sending" and peer.requests == []


def test_an_area_without_a_case_system_gets_the_inbox_only_and_nothing_is_sent(db, peer):
    set_area_system(AREA, None)
    (case,) = release_some(1)
    run(db)
    h = handover_of(case)
    assert h.delivery_state == "inbox_only" and h.sent_at is not None and peer.requests == []


def test_a_case_recalled_before_delivery_is_cancelled_not_sent(db, peer):
    case, number = released(
        received_at=NOW - timedelta(days=60), released_at=NOW - timedelta(hours=2)
    )
    apply_events(release_event(number, at=NOW - timedelta(hours=1)) | {"type": "recall"})
    run(db)
    h = handover_of(case)
    assert h.delivery_state == "cancelled" and peer.requests == []


def test_consent_withdrawn_after_release_is_honoured_when_sending(db, peer):
    case, _ = released(received_at=NOW - timedelta(days=60), released_at=NOW)
    with session_scope() as session:
        row = session.get(Handover, handover_of(case).id)
        row.packet = {**row.packet, "drug_treatment": {"consent": "given", "notes": "heroin"}}
        session.get(Case, case).consent_share_cjit = False
    run(db)
    ((_, body),) = peer.requests
    assert body["drug_treatment"] == {"consent": "not_given"}
    assert "heroin" not in json.dumps(body)


# -- the client on its own: each failure becomes the project's error, no requests type escapes


@pytest.fixture
def client() -> Iterator[HttpCjitClient]:
    c = HttpCjitClient(connect_timeout=1.0, read_timeout=PATIENT_READ_TIMEOUT_S)
    yield c
    c.close()


@pytest.mark.parametrize(
    ("mode", "error"),
    [
        ("500", CjitServerError),
        ("slow", CjitTimeout),
        ("malformed", CjitBadResponse),
        ("echo-422", CjitRejected),
    ],
)
def test_the_client_turns_each_bad_answer_into_its_own_error(db, peer, client, mode, error):
    peer.mode = mode
    if mode == "slow":
        client.timeout = (1.0, READ_TIMEOUT_S)
    with pytest.raises(error) as caught:
        client.send_handover(peer.url, handover_id="h-1", packet={"person": {"name": "x"}})
    assert caught.value.retryable is (error is not CjitRejected)
    assert caught.value.__cause__ is None and caught.value.__context__ is None


def test_the_client_reports_a_closed_port_as_unavailable(client):
    with pytest.raises(CjitUnavailable, match="Connection refused"):
        client.send_handover(f"http://127.0.0.1:{free_port()}", handover_id="h", packet={})


def test_the_client_returns_the_reference_and_sends_the_idempotency_key(db, peer, client):
    reference = client.send_handover(peer.url, handover_id="h-42", packet={"a": 1})
    assert reference == "CJIT-1" and peer.requests == [("h-42", {"a": 1})]


# -- right after a release event: the background runner the server starts ---------------------


def _wait_for(predicate, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_a_release_event_is_delivered_right_after_it_commits(db, peer, api):
    from flows.handover_delivery import DeliveryOnRelease
    from tests.factories import reception

    policy = fast()
    runner = DeliveryOnRelease(
        run=lambda: deliver_pending(db.engine, now=NOW, policy=policy)
    ).start()
    try:
        event = reception(at=NOW - timedelta(days=30))
        case_id = api.post("/events", json=event).json()["case_id"]
        assert peer.requests == []  # nothing to send before the release
        r = api.post("/events", json=release_event(event["prison_number"], at=NOW))
        assert r.status_code == 201, r.text
        assert _wait_for(lambda: handover_of(case_id).delivery_state == "delivered")
    finally:
        runner.stop(timeout=15)
    assert peer.sent() == Counter({handover_of(case_id).id: 1})


def test_the_delivery_state_attempts_and_last_error_are_visible_in_the_api(db, peer, api):
    (case,) = release_some(1)
    peer.mode = "500"
    run(db)
    (item,) = api.get(f"/handovers?case_id={case}", user="newcastle").json()["items"]
    assert (item["delivery_state"], item["delivery_attempts"]) == ("failed", 3)
    assert item["delivery_last_error"].startswith("CjitServerError") and item["sent_at"] is None
    failed = api.get("/handovers?delivery_state=failed", user="newcastle").json()
    assert failed["total"] == 1
