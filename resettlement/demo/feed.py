"""Prison events of the synthetic region: receptions, release dates, releases, transfers,
recalls and withdrawals, in the shape of POST /events."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from resettlement.demo.people import Person
from resettlement.demo.world import World
from resettlement.storage.tables import Case

SENTENCE_DAYS = (21, 400)  # time to serve after reception, for the new receptions
RECALL_DAYS = (28, 120)  # time to serve after a licence recall


def receive(
    world: World, person: Person, *, on: datetime, release: date | None = None
) -> str | None:
    """Reception into a prison of the region (women to the women's prison)."""
    rng = world.rng
    prisons = [p for p in world.prisons if (p == "LNI") == (person.gender == "female")]
    weights = [w for p, w in zip(world.prisons, world.prison_weights, strict=True) if p in prisons]
    prison = rng.choices(prisons, weights)[0]
    area = rng.choices(world.areas, world.area_weights)[0]
    release = release or on.date() + timedelta(days=rng.randint(*SENTENCE_DAYS))
    return world.feed(
        {
            "type": "reception",
            "occurred_at": on.isoformat(),
            "prison_number": person.prison_number,
            "prison": prison,
            "person": person.as_event(),
            "release_date": release.isoformat(),
            "release_date_type": rng.choices(["CRD", "ARD", "HDCED", "PED"], [70, 15, 10, 5])[0],
            "on_licence": rng.random() < 0.8,
            "destination_area": area,
        }
    )


def _about(case: Case, kind: str, on: datetime) -> dict[str, str]:
    return {
        "type": kind,
        "occurred_at": on.isoformat(),
        "prison_number": case.prison_number,
        "prison": case.prison,
    }


def release(world: World, case: Case, *, on: datetime) -> None:
    world.feed(_about(case, "release", on))


def transfer(world: World, case: Case, *, on: datetime) -> None:
    womens = case.prison == "LNI"
    others = [p for p in world.prisons if p != case.prison and (p == "LNI") == womens]
    if others:
        world.feed(_about(case, "transfer", on) | {"to_prison": world.rng.choice(others)})


def withdraw(world: World, case: Case, *, on: datetime, reason: str) -> None:
    world.feed(_about(case, "withdrawn", on) | {"reason": reason})


def recall(world: World, case: Case, *, on: datetime) -> None:
    """Back into custody on licence recall, with a post-recall release date."""
    if world.feed(_about(case, "recall", on)) is None:
        return
    back_out = on.date() + timedelta(days=world.rng.randint(*RECALL_DAYS))
    event = _about(case, "release_date_set", on + timedelta(hours=2))
    world.feed(event | {"release_date": back_out.isoformat(), "release_date_type": "PRRD"})
