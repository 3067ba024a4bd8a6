"""The synthetic region, simulated day by day: a region already running when the window opens
(people received, and some released, before it), then every day of the window: the daily
sweeps at 06:00, releases, receptions, and the staff's work through the services."""

from __future__ import annotations

import random
import time as timer
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import col, select

from resettlement import clock
from resettlement.daily import run_sweeps
from resettlement.demo import allocation, feed, needs, places, work
from resettlement.demo.actors import AREA_WEIGHTS, PRISON_WEIGHTS, REGION, region_staff
from resettlement.demo.people import PeopleMaker
from resettlement.demo.world import World, read, when
from resettlement.housing.sql import housing_resolved_clause
from resettlement.notifications.sending import send_notifications
from resettlement.policy import Policy, Reference
from resettlement.storage.db import get_engine
from resettlement.storage.tables import Case, Handover, Referral, Task, TenancyCheck
from resettlement.vocabulary import COMMUNITY_STAGES, CUSTODY_STAGES, TaskKind, TaskStatus

CUSTODY = [s.value for s in CUSTODY_STAGES]
COMMUNITY = [s.value for s in COMMUNITY_STAGES]
SATURDAY = 5
# Candidates in a stable order, so that one seed gives the same region on every backend.
BY_NUMBER = col(Case.prison_number)


@dataclass(frozen=True)
class Plan:
    """How big and how long: `people` in all, over `weeks` ending on `end` (today)."""

    people: int
    weeks: int
    end: date
    seed: int

    @property
    def start(self) -> date:
        return self.end - timedelta(weeks=self.weeks)

    @property
    def days(self) -> int:
        return (self.end - self.start).days


def make_world(plan: Plan, policy: Policy, reference: Reference) -> World:
    rng = random.Random(plan.seed)
    maker = PeopleMaker(rng)
    prisons = [p for p in PRISON_WEIGHTS if reference.prisons[p].region == REGION] + ["LNI"]
    areas = [a for a in AREA_WEIGHTS if reference.areas[a].region == REGION]
    staff = region_staff(reference, [maker.username() + f"{n}" for n in range(200)])
    return World(
        rng=rng,
        maker=maker,
        policy=policy,
        reference=reference,
        staff=staff,
        prisons=prisons,
        prison_weights=[PRISON_WEIGHTS.get(p, 1) for p in prisons],
        areas=areas,
        area_weights=[AREA_WEIGHTS[a] for a in areas],
    )


def _case(case_id: str | None) -> Case | None:
    if case_id is None:
        return None
    with read() as session:
        return session.get(Case, case_id)


def prelude(world: World, plan: Plan) -> None:
    """People already in the region's prisons when the window opens, and some already out."""
    rng, start = world.rng, plan.start
    in_custody, released = int(plan.people * 0.5), int(plan.people * 0.12)
    for n in range(in_custody + released):
        was_out = n >= in_custody
        received = start - timedelta(days=rng.randint(200, 400) if was_out else rng.randint(1, 200))
        out_on = (
            start - timedelta(days=rng.randint(1, 175))
            if was_out
            else start + timedelta(days=rng.randint(1, 300))
        )
        person = world.maker.person(received)
        with when(received, 10) as instant:
            case = _case(feed.receive(world, person, on=instant, release=out_on))
        if case is None:
            continue
        _early_assessments(world, case, received, start)
        if was_out:
            _released_before(world, case, out_on, start)


def _early_assessments(world: World, case: Case, received: date, start: date) -> None:
    for delay, chance, assess in ((1, 0.9, work.hacs_assessment), (3, 0.85, work.carat_assessment)):
        if received + timedelta(days=delay) < start and world.chance(chance):
            with when(received + timedelta(days=delay), 11):
                assess(world, case)


def _released_before(world: World, case: Case, out_on: date, start: date) -> None:
    with when(out_on - timedelta(days=20), 13):
        fresh = _case(case.id)
        if fresh is not None and world.chance(0.8):
            work.accommodation(world, fresh)
    with when(out_on, 9) as instant:
        feed.release(world, case, on=instant)
    with read() as session:
        handover = session.exec(select(Handover).where(Handover.case_id == case.id)).first()
        checks = list(session.exec(select(TenancyCheck).where(TenancyCheck.case_id == case.id)))
    if handover is not None and world.chance(0.9):
        with when(out_on + timedelta(days=1), 11):
            work.accept(world, handover)
    for check in sorted(checks, key=lambda c: c.due_on):
        if check.due_on < start and world.chance(0.9):
            with when(check.due_on, 14):
                work.tenancy_check(world, check, case.destination_area)


def _open_task_cases(kind: TaskKind) -> list[Case]:
    """Cases in custody with an open task of this kind (the work waiting for prison staff)."""
    with read() as session:
        query = (
            select(Case)
            .join(Task, col(Task.case_id) == col(Case.id))
            .where(
                col(Task.kind) == kind.value,
                col(Task.status) == TaskStatus.open.value,
                col(Case.stage).in_(CUSTODY),
            )
            .order_by(BY_NUMBER)
        )
        return list(session.exec(query))


def day_of_work(world: World, day: date, new_people: float) -> None:
    """One day in the region after the 06:00 sweeps."""
    rng, weekday = world.rng, day.weekday() < SATURDAY
    with when(day, 9) as instant:
        with read() as session:
            leaving = list(
                session.exec(
                    select(Case)
                    .where(col(Case.stage).in_(CUSTODY), col(Case.release_date) <= day)
                    .order_by(BY_NUMBER)
                )
            )
            inside = list(
                session.exec(select(Case).where(col(Case.stage).in_(CUSTODY)).order_by(BY_NUMBER))
            )
        for case in leaving:
            feed.release(world, case, on=instant)
        for case in inside:
            if world.chance(0.0004):
                reason = rng.choice(["deported", "died in custody", "remand ended"])
                feed.withdraw(world, case, on=instant, reason=reason)
            elif world.chance(0.001):
                feed.transfer(world, case, on=instant)
    with when(day, 10) as instant:
        for _ in range(_poisson(rng, new_people)):
            feed.receive(world, world.maker.person(day), on=instant)
    if not weekday:
        return
    _custody_work(world, day)
    _community_work(world, day)


def _custody_work(world: World, day: date) -> None:
    with when(day, 11):
        for case in _open_task_cases(TaskKind.hacs_assessment_due):
            if world.chance(0.35):
                work.hacs_assessment(world, case)
        for case in _open_task_cases(TaskKind.carat_triage_due):
            if world.chance(0.25):
                work.carat_assessment(world, case)
    with when(day, 12):
        for case in _open_task_cases(TaskKind.duty_to_refer):
            if world.chance(0.35):
                work.referral(world, case, day)
        with read() as session:
            waiting = session.exec(
                select(Referral, Case.prison)
                .join(Case, col(Case.id) == col(Referral.case_id))
                .where(
                    col(Referral.outcome).is_(None),
                    col(Referral.referred_on) <= day - timedelta(days=7),
                )
                .order_by(BY_NUMBER)
            ).all()
        for referral, prison in waiting:
            if world.chance(0.15):
                work.referral_outcome(world, referral, prison, day)
    with when(day, 13):
        horizon = max(world.policy.housing.horizon_days)
        with read() as session:
            unresolved = list(
                session.exec(
                    select(Case)
                    .where(
                        col(Case.stage).in_(CUSTODY),
                        col(Case.release_date) <= day + timedelta(days=horizon),
                        ~housing_resolved_clause(),
                    )
                    .order_by(BY_NUMBER)
                )
            )
        for case in unresolved:
            assert case.release_date is not None
            urgency = 0.12 if (case.release_date - day).days <= 21 else 0.03
            if world.chance(urgency):
                work.accommodation(world, case)
    with when(day, 13, 30):
        places.place_work(world, day)
    with when(day, 14):
        with read() as session:
            plans = work.plans_in_progress(session)
        for case, status, written, signed in plans:
            if case.stage in CUSTODY:
                work.plan_work(world, case, written, signed, status)
        needs.record_needs(world)
        needs.work_needs(world)
        allocation.name_workers(world)


def _community_work(world: World, day: date) -> None:
    with when(day, 15):
        with read() as session:
            new = list(
                session.exec(
                    select(Handover)
                    .join(Case, col(Case.id) == col(Handover.case_id))
                    .where(Handover.status == "new")
                    .order_by(BY_NUMBER)
                )
            )
        for handover in new:
            if world.chance(0.55):
                work.accept(world, handover)
    with when(day, 16):
        with read() as session:
            due = session.exec(
                select(TenancyCheck, Case.destination_area)
                .join(Case, col(Case.id) == col(TenancyCheck.case_id))
                .where(
                    col(TenancyCheck.outcome).is_(None),
                    col(TenancyCheck.due_on) <= day,
                    col(TenancyCheck.episode) == col(Case.episode),
                    col(Case.stage).in_(COMMUNITY),
                )
                .order_by(BY_NUMBER, col(TenancyCheck.day_offset))
            ).all()
        for check, area in due:
            if world.chance(0.5):
                work.tenancy_check(world, check, area)
    with when(day, 17) as instant:
        with read() as session:
            outside = list(
                session.exec(select(Case).where(col(Case.stage).in_(COMMUNITY)).order_by(BY_NUMBER))
            )
        for case in outside:
            if world.chance(0.003):
                feed.recall(world, case, on=instant)


def send_messages(world: World) -> None:
    """The day's messages through the Notify outbox, as the daily run's last step does (with
    no RESETTLE_NOTIFY_API_KEY they are recorded as not sent: see the pipes page)."""
    send_notifications(
        get_engine(), now=clock.now(), policy=world.policy, reference=world.reference
    )


def _poisson(rng: random.Random, mean: float) -> int:
    """Arrivals in a day (Knuth's method: small means only)."""
    limit, count, product = pow(2.718281828459045, -mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


@dataclass
class Timings:
    prelude_s: float = 0.0
    days_s: float = 0.0
    sweeps_s: float = 0.0
    final_flow_s: float = 0.0


def simulate(
    world: World,
    plan: Plan,
    *,
    on_day: Callable[[date], None] = lambda _day: None,
    final_daily_flow: Callable[[date], object] | None = None,
) -> Timings:
    """The prelude, every day of the window (sweeps then work), and the final day's flow run."""
    timings = Timings()
    started = timer.perf_counter()
    allocation.staff_users(world)
    with when(plan.start, 8):
        places.load_catalogue(world, plan.people)
    prelude(world, plan)
    timings.prelude_s = timer.perf_counter() - started
    new_people = plan.people * 0.38 / max(plan.days, 1)
    day = plan.start
    while day < plan.end:
        tick = timer.perf_counter()
        with clock.frozen_at(clock.start_of_day(day)):
            run_sweeps(day, world.policy)
            send_messages(world)
        timings.sweeps_s += timer.perf_counter() - tick
        day_of_work(world, day, new_people)
        on_day(day)
        day += timedelta(days=1)
    timings.days_s = timer.perf_counter() - started - timings.prelude_s
    tick = timer.perf_counter()
    with clock.frozen_at(min(clock.start_of_day(plan.end), clock.now())):
        if final_daily_flow is not None:
            final_daily_flow(plan.end)
        else:
            run_sweeps(plan.end, world.policy)
            send_messages(world)
    timings.final_flow_s = timer.perf_counter() - tick
    on_day(plan.end)
    return timings
