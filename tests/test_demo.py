"""`resettle demo`: synthetic people, the daily sweeps it runs, and a small region simulated
through the real services on each backend."""

from __future__ import annotations

import inspect
import random
import re
from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session

from flows.steps import DAILY_STEPS
from resettlement.daily import DAILY_SWEEPS
from resettlement.demo.people import PeopleMaker
from resettlement.demo.person_link import demo_person_link
from resettlement.demo.simulation import Plan, make_world, simulate
from resettlement.policy import get_policy, get_reference
from resettlement.storage.tables import AuditEntry, Case, DomainEvent
from resettlement.vocabulary import PRISON_NUMBER
from tests.conftest import NOW


def test_the_demo_runs_every_sweep_the_daily_flow_runs():
    in_flows = set()
    for step in DAILY_STEPS:
        source = inspect.getsource(inspect.getmodule(step.fn))
        in_flows |= set(re.findall(r"run_sweep\((\w+)", source))
    assert in_flows == {sweep.__name__ for sweep in DAILY_SWEEPS}


def test_synthetic_people_have_british_names_adult_birth_dates_and_unique_numbers():
    maker = PeopleMaker(random.Random(1))
    people = [maker.person(date(2026, 11, 24)) for _ in range(300)]
    assert len({p.prison_number for p in people}) == 300
    assert all(PRISON_NUMBER.match(p.prison_number) for p in people)
    assert all(18 <= (date(2026, 11, 24) - p.date_of_birth).days // 365 <= 68 for p in people)
    assert all(p.given_name and p.family_name for p in people)
    assert {p.gender for p in people} == {"male", "female"}


def test_a_small_region_simulated_through_the_services_reaches_custody_and_community(db):
    plan = Plan(people=60, weeks=4, end=NOW.date(), seed=11)
    world = make_world(plan, get_policy(), get_reference())
    days = []
    simulate(world, plan, on_day=days.append)
    assert len(days) == plan.days + 1
    with Session(db.engine) as session:
        stages = dict(session.execute(select(Case.stage, func.count()).group_by(Case.stage)).all())
        events = session.execute(select(func.count()).select_from(DomainEvent)).scalar_one()
        reads = session.execute(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.kind == "read")
        ).scalar_one()
    assert sum(stages.values()) >= 50
    assert {"case_managed", "release_planning", "tenancy_monitoring"} <= set(stages)
    assert events > 300 and reads == 0  # the simulation writes; nobody read a case yet
    assert world.done["hacs_assessment"] > 0 and world.done["tenancy_check"] > 0
    assert world.done["need_recorded"] > 0 and world.done["need_updated"] > 0
    link = demo_person_link("http://127.0.0.1:8000", get_policy())
    assert link is not None and link.url.startswith("http://127.0.0.1:8000/p/")
    assert world.refused <= sum(world.done.values()) * 0.05, world.reasons.most_common(5)


def test_the_demo_records_its_messages_without_a_notify_key_for_the_pipes_page(db):
    from resettlement.storage.tables import Notification

    plan = Plan(people=60, weeks=4, end=NOW.date(), seed=11)
    world = make_world(plan, get_policy(), get_reference())
    simulate(world, plan)
    with Session(db.engine) as session:
        rows = session.execute(
            select(Notification.kind, Notification.status, func.count()).group_by(
                Notification.kind, Notification.status
            )
        ).all()
    kinds = {kind for kind, _status, _n in rows}
    assert {status for _kind, status, _n in rows} == {"not_sent"}
    assert {"team_digest", "handover_sent", "housing_escalation"} <= kinds, rows


def test_the_demo_has_its_regions_catalogue_places_asked_for_and_gaps_worth_acting_on(db):
    from resettlement.access.users import Principal
    from resettlement.catalogue.masks import members
    from resettlement.gaps.reads import compute_gaps
    from resettlement.storage.tables import Placement, Service
    from resettlement.vocabulary import Role, SpectrumStage, Via

    plan = Plan(people=60, weeks=4, end=NOW.date(), seed=11)
    reference = get_reference()
    world = make_world(plan, get_policy(), reference)
    simulate(world, plan)
    with Session(db.engine) as session:
        services = session.execute(select(Service)).scalars().all()
        statuses = dict(
            session.execute(select(Placement.status, func.count()).group_by(Placement.status)).all()
        )
        rom = Principal("demo-rom", Role.rom, "NE", None, Via.web)
        gaps = compute_gaps(
            session, rom, region=None, weeks=12, reference=reference, today=plan.end
        )
    assert services and {reference.areas[s.area].region for s in services} == {"NE"}
    assert all(s.capacity >= 1 for s in services if s.kind != "floating_support")
    recovery = {
        s.area
        for s in services
        if s.capacity
        and SpectrumStage.recently_abstinent_vulnerable in members(s.stages_mask, SpectrumStage)
    }
    ne_areas = {a.code for a in reference.areas.values() if a.region == "NE"}
    assert ne_areas - recovery, "some areas should have no place for people in recovery"
    assert statuses.get("requested", 0) + statuses.get("offered", 0) > 0, statuses
    assert statuses.get("confirmed", 0) > 0, statuses
    assert world.done["placement_confirmed"] > 0
    areas = gaps["areas"]
    assert sum(a["releasing_unresolved"] for a in areas) > 0
    # Real pressure: somewhere people will be left without a place, or no service would take them.
    assert any(a["gap"] > 0 or a["no_suitable_service"] > 0 for a in areas), areas
    assert world.refused <= sum(world.done.values()) * 0.05, world.reasons.most_common(5)
