"""Who may see which case: a prison's staff, a CJIT area's workers, a region's ROM, admins."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, or_, true
from sqlmodel import col

from resettlement.access.users import Principal
from resettlement.errors import Forbidden
from resettlement.storage.tables import Case
from resettlement.vocabulary import Role


def case_scope(principal: Principal) -> ColumnElement[bool]:
    """A WHERE clause on Case limiting rows to the caller's scope."""
    if principal.role == Role.admin:
        return true()
    if principal.role == Role.prison_staff:
        return col(Case.prison) == principal.scope
    if principal.role == Role.cjit_worker:
        return col(Case.destination_area) == principal.scope
    if principal.role == Role.rom and principal.scope:
        return region_scope(principal.scope)
    return false()  # the feed (and anything unknown) sees no case


def region_scope(region: str | None) -> ColumnElement[bool]:
    """Cases whose prison or destination area is in the region (every case when None).

    The one rule of a ROM's scope, of `GET /cases?region=` and of the pipeline (overlapping
    across regions; the disjoint rule that shares sweeps out is `partition.in_region`).
    """
    if region is None:
        return true()
    # The case's own region columns (kept by storage/case_regions.py), each indexed.
    return or_(col(Case.prison_region) == region, col(Case.destination_region) == region)


def require_role(principal: Principal, *roles: Role) -> None:
    """403 unless the caller's role may read this at all (admins may do everything; who may
    write what is access/permissions.py's)."""
    if principal.role != Role.admin and principal.role not in roles:
        allowed = ", ".join(r.value for r in roles) or "admin"
        raise Forbidden(f"a {principal.role.value} may not do this (allowed: {allowed})")
