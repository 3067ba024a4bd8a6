"""SQL twins of the housing rules (housing/rules.py), for set-based reads and sweeps."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_
from sqlmodel import col

from resettlement.storage.tables import Case


def housing_resolved_clause() -> ColumnElement[bool]:
    """SQL twin of `is_housing_resolved`: a confirmed arrangement starting by release day."""
    return and_(
        col(Case.housing_ready_from).is_not(None),
        col(Case.release_date).is_not(None),
        col(Case.housing_ready_from) <= col(Case.release_date),
    )
