"""SQL twin of `rules.holds_place_on`: the places of a service held on a day."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlmodel import col

from resettlement.storage.tables import Placement
from resettlement.vocabulary import HOLDING_STATUSES


def holds_place_clause(day: date | ColumnElement[Any]) -> ColumnElement[bool]:
    """SQL twin of `holds_place_on(status, start_date, end_date, day)` for a Placement row."""
    return and_(
        col(Placement.status).in_(sorted(s.value for s in HOLDING_STATUSES)),
        col(Placement.start_date) <= day,
        or_(col(Placement.end_date).is_(None), col(Placement.end_date) > day),
    )


def held_on(service_id: Any, day: date | ColumnElement[Any]) -> Select[int]:
    """A scalar subquery: how many places of the service are held on `day`."""
    return select(func.count()).where(
        col(Placement.service_id) == service_id, holds_place_clause(day)
    )
