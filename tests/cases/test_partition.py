"""The region partition of the daily run's fan-out: every case in exactly one region, region
sweeps together doing exactly what one whole-caseload sweep does, and one sweep per region."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlmodel import col

from bench.generate import build_caseload
from resettlement.aftercare.sweep import raise_due_tenancy_checks
from resettlement.cases.partition import RegionBusy, in_region, lock_key, region_lock
from resettlement.duty_to_refer.sweep import chase_overdue_referrals
from resettlement.handover.sweep import sweep_overdue_acceptances
from resettlement.horizon.sweep import sweep_housing_horizon
from resettlement.planning.sweep import open_plans_due, raise_signoff_tasks
from resettlement.policy import get_policy, get_reference
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Case
from tests.conftest import NOW
from tests.factories import FAR_AREA, FAR_PRISON, PRISON, case_row
from tests.scale.snapshot import task_snapshot

TODAY = NOW.date()
CASES = 1500
SWEEPS: list[Callable[..., Any]] = [
    sweep_housing_horizon,
    open_plans_due,
    raise_signoff_tasks,
    chase_overdue_referrals,
    sweep_overdue_acceptances,
    raise_due_tenancy_checks,
]


def regions() -> list[str]:
    return sorted(get_reference().regions)


def run_sweeps(region: str | None) -> None:
    for sweep in SWEEPS:
        with session_scope() as session:
            sweep(session, today=TODAY, policy=get_policy(), region=region)


def region_of(case_id: str) -> list[str]:
    with session_scope(write=False) as session:
        return [
            region
            for region in regions()
            if session.execute(
                select(func.count()).where(col(Case.id) == case_id, in_region(region))
            ).scalar_one()
        ]


def test_every_generated_case_is_in_exactly_one_region(db):
    build_caseload(db.engine, CASES, seed=3, today=TODAY)
    with session_scope(write=False) as session:
        per_region = [
            set(session.execute(select(col(Case.id)).where(in_region(r))).scalars())
            for r in regions()
        ]
    assert sum(len(ids) for ids in per_region) == CASES
    assert len(set().union(*per_region)) == CASES


def test_a_case_is_swept_by_its_prisons_region_in_custody_and_its_destinations_after(db):
    in_custody = case_row(prison=PRISON, destination_area=FAR_AREA, stage="case_managed")
    released = case_row(prison=PRISON, destination_area=FAR_AREA, stage="released")
    no_destination = case_row(prison=FAR_PRISON, destination_area=None, stage="released")
    with session_scope() as session:
        session.add_all([in_custody, released, no_destination])
    reference = get_reference()
    destination_region = reference.areas[FAR_AREA].region
    assert reference.prisons[PRISON].region == "NE" != destination_region
    assert region_of(in_custody.id) == ["NE"]
    assert region_of(released.id) == [destination_region]
    assert region_of(no_destination.id) == [reference.prisons[FAR_PRISON].region]


def test_sweeping_region_by_region_raises_exactly_what_one_whole_sweep_raises(db):
    build_caseload(db.engine, CASES, seed=5, today=TODAY)
    run_sweeps(None)
    whole = task_snapshot(db.engine)
    assert whole, "the generated caseload has tasks due"
    db.truncate()
    build_caseload(db.engine, CASES, seed=5, today=TODAY)
    for region in regions():
        run_sweeps(region)
    assert task_snapshot(db.engine) == whole


def test_two_sweeps_of_one_region_at_once_raise_each_task_once(db):
    build_caseload(db.engine, CASES, seed=7, today=TODAY)
    region = "NE"
    errors: list[BaseException] = []

    def sweep() -> None:
        try:
            with region_lock(db.engine, region):
                run_sweeps(region)
        except BaseException as exc:  # reported to the test thread below
            errors.append(exc)

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    once = task_snapshot(db.engine)
    assert once
    assert len({row[0] for row in once}) == len(once)  # one row per dedupe key
    run_sweeps(region)
    assert task_snapshot(db.engine) == once


@pytest.mark.postgres
def test_a_region_held_by_one_sweep_is_refused_to_another_but_not_other_regions(db):
    if db.backend != "postgresql":
        pytest.skip("SQLite serialises writers itself: region_lock takes no lock there")
    with region_lock(db.engine, "NE"):
        with pytest.raises(RegionBusy, match="NE"), region_lock(db.engine, "NE", wait_s=0):
            pass
        with region_lock(db.engine, "LN", wait_s=0):
            pass
    with region_lock(db.engine, "NE", wait_s=0):
        pass  # released when the first sweep ended


def test_lock_keys_are_stable_signed_32_bit_integers_distinct_per_region():
    keys = [lock_key(r) for r in get_reference().regions]
    assert len(set(keys)) == len(keys)
    assert all(-(2**31) <= k < 2**31 for k in keys)
    assert lock_key("NE") == lock_key("NE")
