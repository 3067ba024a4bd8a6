"""One import batch mixing follow-ups for cases written before it and for cases it opens itself:
each gets what one event at a time would give it (the batch's gate work runs in a few
statements for all its releases; a transfer ends the allocations of cases that have them)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlmodel import Session, col, select

from resettlement.policy import get_policy, get_reference
from resettlement.reception.importer import Importer
from resettlement.storage.tables import (
    Allocation,
    Case,
    DomainEvent,
    Handover,
    Need,
    PrisonEvent,
    Task,
)
from resettlement.vocabulary import Role, Team
from tests.conftest import NOW
from tests.factories import (
    OTHER_PRISON,
    PRISON,
    accommodation_body,
    add_need,
    add_worker,
    allocate,
    carat_body,
    follow_up,
    received_case,
    reception,
    release_event,
)

RECEIVED = NOW - timedelta(days=60)


def _written_case(api, *, housed: bool) -> tuple[str, str]:
    """A case received before the import, with a CARAT assessment (consent), a need, and
    (housed) an accommodation; (case id, prison number)."""
    case_id = received_case(api, at=RECEIVED, release_in_days=90)
    body = carat_body(consent_share_cjit=True)
    assert api.post(f"/cases/{case_id}/carat-assessment", json=body).status_code == 201
    add_need(api, case_id, pathway="finance_id", need="bank_account")
    if housed:
        home = accommodation_body(start=RECEIVED.date() + timedelta(days=30))
        assert api.put(f"/cases/{case_id}/accommodation", json=home).status_code == 200
    return case_id, api.get(f"/cases/{case_id}").json()["prison_number"]


def _import(db, tmp_path: Path, events: list[dict], batch_size: int) -> list[str]:
    path = tmp_path / "events.jsonl"
    path.write_text("".join(json.dumps(e) + "\n" for e in events))
    importer = Importer(
        db.engine,
        actor="test",
        policy=get_policy(),
        reference=get_reference(),
        batch_size=batch_size,
    )
    results = list(importer.run(path.open()))
    assert [r.outcome.status for r in results] == ["accepted"] * len(events), results
    return [str(r.outcome.case_id) for r in results]


def test_releases_of_written_and_new_cases_in_one_batch_each_open_their_own_handover(
    api, db, tmp_path
):
    add_worker(api, "amy", Role.prison_staff, PRISON, Team.hacs)
    housed, housed_number = _written_case(api, housed=True)
    plain, plain_number = _written_case(api, housed=False)
    moved, moved_number = _written_case(api, housed=False)
    allocate(api, moved, "hacs", "amy", user="durham-hacs")
    fresh = reception(at=NOW - timedelta(days=1))
    events = [
        fresh,
        release_event(housed_number, at=NOW),
        follow_up("transfer", number=moved_number, at=NOW, to_prison=OTHER_PRISON),
        release_event(fresh["prison_number"], at=NOW),
        release_event(plain_number, at=NOW),
    ]
    ids = _import(db, tmp_path, events, batch_size=10)
    new = ids[0]
    with Session(db.engine) as s:
        handovers = {h.case_id: h for h in s.exec(select(Handover)).all()}
        assert set(handovers) == {housed, plain, new}
        for case_id in (housed, plain):
            packet = handovers[case_id].packet
            assert [n["need"] for n in packet["open_needs"]] == ["bank_account"]
            assert packet["drug_treatment"]["carat_assessment"] is not None
        assert handovers[housed].packet["accommodation"]["housing_status"]
        assert handovers[plain].packet["accommodation"] == {
            "arrangement": None,
            "resolved_on_release_night": False,
        }
        assert handovers[new].packet["open_needs"] == []
        assert handovers[new].packet["drug_treatment"].get("carat_assessment") is None
        # each released case's needs keep their status at release; the transferred one's not
        needs = {n.case_id: n for n in s.exec(select(Need)).all()}
        assert needs[housed].status_at_release == needs[plain].status_at_release == "not_started"
        assert needs[moved].status_at_release is None
        # custody-side tasks of the released cases closed, the transferred case's stay open
        tasks = s.exec(select(Task).where(col(Task.kind) == "hacs_assessment_due")).all()
        status = {t.case_id: t.status for t in tasks}
        assert status[housed] == status[plain] == status[new] == "closed"
        assert status[moved] == "open"
        # the transfer ended the prison worker's allocation
        (allocation,) = s.exec(select(Allocation).where(col(Allocation.case_id) == moved)).all()
        assert allocation.ended_at is not None
        assert allocation.end_reason == f"transferred to {OTHER_PRISON}"
        opened = s.exec(select(DomainEvent).where(col(DomainEvent.kind) == "handover_opened"))
        assert sorted(e.case_id for e in opened) == sorted([housed, plain, new])


def test_a_batch_gives_the_rows_that_one_event_per_batch_gives(api, db, tmp_path):
    """The same follow-ups imported one event per batch and all in one batch, for two sets of
    cases alike: the same handovers, task statuses and timeline entries."""

    def run(batch_size: int) -> list[str]:
        written, number = _written_case(api, housed=True)
        fresh = reception(at=NOW - timedelta(days=1))
        events = [
            fresh,
            follow_up("release_date_set", number=number, at=NOW, release_date="2026-12-24"),
            release_event(number, at=NOW),
            release_event(fresh["prison_number"], at=NOW),
            follow_up("recall", number=fresh["prison_number"], at=NOW),
            follow_up("withdrawn", number=number, at=NOW, reason="moved abroad"),
        ]
        return [written, _import(db, tmp_path, events, batch_size)[0]]

    def rows(case_ids: list[str]) -> list[object]:
        with Session(db.engine) as s:
            found: list[object] = []
            for case_id in case_ids:
                tasks = s.exec(select(Task).where(col(Task.case_id) == case_id)).all()
                found.append(sorted((t.kind, t.status, t.dedupe_key.split(":")[2]) for t in tasks))
                timeline = s.exec(
                    select(DomainEvent)
                    .where(col(DomainEvent.case_id) == case_id)
                    .order_by(col(DomainEvent.seq))
                ).all()
                found.append(
                    [
                        (e.kind, {k: v for k, v in e.data.items() if not k.endswith("_id")})
                        for e in timeline
                    ]
                )
                handovers = s.exec(select(Handover).where(col(Handover.case_id) == case_id)).all()
                found.append(sorted((h.episode, h.packet["open_needs"] != []) for h in handovers))
            return found

    assert rows(run(batch_size=1)) == rows(run(batch_size=100))


def test_an_event_that_arrives_meanwhile_makes_its_batch_replay_one_event_at_a_time(
    api, db, tmp_path
):
    """The batch has looked its event ids and cases up (the allocations are its last look-up);
    then the API takes one of its events: writing the batch fails on the unique event id (on
    PostgreSQL while COPYing its rows), and each event is then applied on its own: that one a
    duplicate, the others accepted, nothing written twice."""
    if db.backend != "postgresql":
        pytest.skip("SQLite serialises writers: no other write can land inside the batch")
    events = [reception(at=NOW) for _ in range(3)]
    raced = events[1]
    fired: list[int] = []

    def meanwhile(_conn, _cursor, statement: str, *_args: object) -> None:
        if not fired and statement.lstrip().startswith("SELECT allocation.case_id"):
            fired.append(0)  # once: the API's own intake runs this statement too
            fired[0] = api.post("/events", json=raced).status_code

    event.listen(db.engine, "after_cursor_execute", meanwhile)
    try:
        path = tmp_path / "events.jsonl"
        path.write_text("".join(json.dumps(e) + "\n" for e in events))
        importer = Importer(db.engine, actor="test", policy=get_policy(), reference=get_reference())
        statuses = [r.outcome.status for r in importer.run(path.open())]
    finally:
        event.remove(db.engine, "after_cursor_execute", meanwhile)
    assert fired == [201]
    assert statuses == ["accepted", "duplicate", "accepted"]
    with Session(db.engine) as s:
        assert len(s.exec(select(PrisonEvent)).all()) == 3
        assert len(s.exec(select(Case)).all()) == 3
        assert len(s.exec(select(Task)).all()) == 6
