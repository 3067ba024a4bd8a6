"""The simulation's shared state: the seeded random source, policy, staff, and how to act.

Every change goes through the real services (or the real prison-event intake), each in its own
transaction with the clock set to when it happens. A refusal by a service is counted, not fatal:
the simulated people sometimes try things the rules do not allow, as real ones do.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, TypeVar

from sqlmodel import Session

from resettlement import clock
from resettlement.cases.stages import IllegalTransition
from resettlement.demo.actors import Staff
from resettlement.demo.people import PeopleMaker
from resettlement.errors import ServiceError
from resettlement.policy import Policy, Reference
from resettlement.reception.events import parse_event
from resettlement.reception.intake import Intake
from resettlement.storage.db import session_scope

T = TypeVar("T")
FEED = "prison-feed"


@dataclass
class World:
    rng: random.Random
    maker: PeopleMaker
    policy: Policy
    reference: Reference
    staff: Staff
    prisons: list[str]
    prison_weights: list[int]
    areas: list[str]
    area_weights: list[int]
    refused: int = 0
    done: dict[str, int] = field(default_factory=dict)
    reasons: Counter[str] = field(default_factory=Counter)
    _event_ids: int = 0

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def count(self, what: str) -> None:
        self.done[what] = self.done.get(what, 0) + 1

    def _refused(self, what: str, exc: Exception) -> None:
        self.refused += 1
        self.reasons[f"{what}: {type(exc).__name__}: {str(exc)[:80]}"] += 1

    def event_id(self) -> str:
        self._event_ids += 1
        return f"demo-{self._event_ids:07d}"

    def feed(self, event: dict[str, Any]) -> str | None:
        """One prison event through the intake (as POST /events does); its case id."""
        event = {"event_id": self.event_id(), **event}
        try:
            with session_scope() as session:
                intake = Intake(session, actor=FEED, policy=self.policy, reference=self.reference)
                outcome = intake.apply(parse_event(event))
                intake.flush()
        except (ServiceError, IllegalTransition) as exc:
            self._refused(str(event["type"]), exc)
            return None
        self.count(str(event["type"]))
        return outcome.case_id

    def act(self, what: str, work: Callable[[Session], T]) -> T | None:
        """One piece of staff work through a service, in its own transaction."""
        try:
            with session_scope() as session:
                result = work(session)
        except (ServiceError, IllegalTransition) as exc:
            self._refused(what, exc)
            return None
        self.count(what)
        return result


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """An instant of a day in England and Wales."""
    return datetime.combine(day, time(hour, minute), clock.LONDON)


@contextmanager
def when(day: date, hour: int, minute: int = 0) -> Iterator[datetime]:
    instant = at(day, hour, minute)
    with clock.frozen_at(instant):
        yield instant


def read() -> Any:
    """A read-only session for choosing what to do next."""
    return session_scope(write=False)
