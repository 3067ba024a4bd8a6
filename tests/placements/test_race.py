"""The last place is given once: confirmations racing on real connections, on each database."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

from sqlmodel import col, select

from resettlement.errors import Conflict
from resettlement.placements.commands import confirm
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Placement
from resettlement.vocabulary import PlacementStatus
from tests.placements.helpers import HACS, START, cases, offered, service


def _confirm_in_thread(placement_id: str, barrier: threading.Barrier, out: dict) -> None:
    barrier.wait()
    try:
        with session_scope() as session:
            confirm(session, principal=HACS, placement_id=placement_id)
        out[placement_id] = "confirmed"
    except Conflict:
        out[placement_id] = "409"


def test_four_confirmations_racing_for_the_last_place_end_with_exactly_one_winner(db):
    service_id = service(capacity=1)
    placements = [offered(case_id, service_id) for case_id in cases(4)]
    barrier = threading.Barrier(len(placements))
    out: dict[str, str] = {}
    threads = [
        threading.Thread(target=_confirm_in_thread, args=(p, barrier, out)) for p in placements
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(out.values()) == ["409", "409", "409", "confirmed"]
    with session_scope(write=False) as session:
        held = session.exec(
            select(Placement).where(col(Placement.status) == PlacementStatus.confirmed.value)
        ).all()
    assert len(held) == 1


def test_a_confirmation_waiting_on_one_not_yet_committed_finds_the_place_taken(db):
    service_id = service(capacity=1)
    first, second = (offered(case_id, service_id) for case_id in cases(2))
    out: dict[str, str] = {}
    with session_scope() as session:
        confirm(session, principal=HACS, placement_id=first)  # holds its locks, not committed
        waiter = threading.Thread(
            target=_confirm_in_thread, args=(second, threading.Barrier(1), out)
        )
        waiter.start()
        time.sleep(0.3)  # let the second one reach the lock (the outcome does not depend on it)
    waiter.join()
    assert out == {second: "409"}


def test_a_place_ending_before_a_later_start_can_be_given_again(db):
    service_id = service(capacity=1)
    early, late = cases(2)
    first = offered(early, service_id)
    with session_scope() as session:
        confirm(session, principal=HACS, placement_id=first)
    from resettlement.placements.commands import end

    with session_scope() as session:
        end(
            session,
            principal=HACS,
            placement_id=first,
            end_date=START + timedelta(days=10),
            reason="move-on",
        )
    after = offered(late, service_id, start=START + timedelta(days=10))
    with session_scope() as session:
        assert confirm(session, principal=HACS, placement_id=after).status == "confirmed"
    clash = offered(cases(1)[0], service_id, start=START + timedelta(days=5))
    try:
        with session_scope() as session:
            confirm(session, principal=HACS, placement_id=clash)
        raise AssertionError("a place held from day 10 was given again from day 5")
    except Conflict:
        pass
