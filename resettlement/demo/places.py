"""The demo's catalogue and places (map and match): the starter catalogue's services of the
region, with places in proportion to the simulated population, and HACS staff requesting the
best match for people near release with housing unresolved, providers answering, places
confirmed — each through the real commands.

The starter catalogue (config/reference/services.yaml) is sized for a real region; the demo
simulates a few hundred people, so each place-giving service keeps `capacity * people / 1500`
places (at least one). Some of the region's areas have no service suiting people in recovery,
and places run short: the ROM's gaps page shows where need outstrips provision.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import exists
from sqlmodel import col, select

from resettlement.access.users import Principal
from resettlement.catalogue.commands import add_service
from resettlement.catalogue.fields import ServiceValues
from resettlement.catalogue.loading import SERVICES_FILE, read_services
from resettlement.demo.actors import REGION
from resettlement.demo.world import World, read
from resettlement.housing.sql import housing_resolved_clause
from resettlement.matching.reads import case_matches
from resettlement.placements import commands
from resettlement.settings import get_settings
from resettlement.storage.tables import Case, Placement
from resettlement.vocabulary import CUSTODY_STAGES, PlacementStatus, PlanParty, Role, Via

SCALE_PEOPLE = 1500
REQUEST_WITHIN_DAYS = 56
CATALOGUE_ADMIN = Principal("demo-commissioner", Role.admin, None, None, Via.cli)
OPEN = (PlacementStatus.requested.value, PlacementStatus.offered.value)
HOLDING = (*OPEN, PlacementStatus.confirmed.value)


def load_catalogue(world: World, people: int) -> int:
    """The region's services of the starter catalogue, places scaled to the population."""
    path = get_settings().config_dir / SERVICES_FILE
    added = 0
    for service in read_services(path, world.reference):
        if world.reference.areas[service.area].region != REGION:
            continue
        values = service.values()
        if values.capacity:
            places = max(1, round(values.capacity * people / SCALE_PEOPLE))
            values = values.model_copy(update={"capacity": places})
        added += _add(world, values, service.code)
    return added


def _add(world: World, values: ServiceValues, code: str | None) -> int:
    done = world.act(
        "service_added",
        lambda s: add_service(
            s, principal=CATALOGUE_ADMIN, values=values, code=code, reference=world.reference
        ),
    )
    return int(done is not None)


def _waiting(day: date) -> list[Case]:
    """Assessed people in custody releasing soon, housing unresolved, with no place asked for."""
    custody = [s.value for s in CUSTODY_STAGES]
    with read() as session:
        asked = exists().where(
            col(Placement.case_id) == col(Case.id), col(Placement.status).in_(HOLDING)
        )
        return list(
            session.exec(
                select(Case)
                .where(
                    col(Case.stage).in_(custody),
                    col(Case.stage) != "received",
                    col(Case.release_date) > day,
                    col(Case.release_date) <= day + timedelta(days=REQUEST_WITHIN_DAYS),
                    ~housing_resolved_clause(),
                    ~asked,
                )
                .order_by(col(Case.prison_number))
            )
        )


def _request(world: World, case: Case, day: date) -> None:
    principal = world.staff.prison.get((case.prison, PlanParty.hacs))
    if principal is None or case.release_date is None:
        return
    with read() as session:
        found = case_matches(session, case, world.reference, sees_stage=True, today=day)
    best = next((m for m in found if m.eligible), None)
    if best is None:
        return
    world.act(
        "placement_requested",
        lambda s: commands.request_place(
            s,
            principal=principal,
            case_id=case.id,
            service_id=best.service.id,
            start_date=case.release_date or day,
        ),
    )


def _answer(world: World, row: Placement, prison: str) -> None:
    principal = world.staff.prison.get((prison, PlanParty.hacs))
    if principal is None:
        return
    if row.status == PlacementStatus.requested.value:
        if world.chance(0.12):
            reason = world.rng.choice(["No vacancy on that date", "Risk assessment not met"])
            world.act(
                "placement_declined",
                lambda s: commands.decline(
                    s, principal=principal, placement_id=row.id, reason=reason
                ),
            )
        elif world.chance(0.35):
            world.act(
                "placement_offered",
                lambda s: commands.offer(s, principal=principal, placement_id=row.id),
            )
    elif world.chance(0.5):
        world.act(
            "placement_confirmed",
            lambda s: commands.confirm(s, principal=principal, placement_id=row.id),
        )


def place_work(world: World, day: date) -> None:
    """A weekday's places: providers answer open requests; HACS asks for the best match for
    some of the people releasing within eight weeks with housing unresolved."""
    with read() as session:
        open_rows = session.exec(
            select(Placement, Case.prison)
            .join(Case, col(Case.id) == col(Placement.case_id))
            .where(col(Placement.status).in_(OPEN))
            .order_by(col(Placement.requested_at), col(Placement.id))
        ).all()
    for row, prison in open_rows:
        _answer(world, row, prison)
    for case in _waiting(day):
        if world.chance(0.2):
            _request(world, case, day)
