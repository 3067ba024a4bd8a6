"""Who may see which case: a prison's staff, a CJIT area's workers, a region's ROM, admins."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, false, or_, true
from sqlmodel import col

from resettlement.access.users import Principal
from resettlement.errors import Forbidden
from resettlement.storage.tables import Case, Task
from resettlement.vocabulary import Role

# A table holding a case's scope columns: the case itself, or a task (storage/task_scope.py).
Scoped = type[Case] | type[Task]


def case_scope(principal: Principal, on: Scoped = Case) -> ColumnElement[bool]:
    """A WHERE clause limiting rows of `on` (cases, or tasks by their case) to the caller's
    scope."""
    if principal.role == Role.admin:
        return true()
    if principal.role == Role.prison_staff:
        return col(on.prison) == principal.scope
    if principal.role == Role.cjit_worker:
        return col(on.destination_area) == principal.scope
    if principal.role == Role.rom and principal.scope:
        return region_scope(principal.scope, on)
    return false()  # the feed (and anything unknown) sees no case


def region_scope(region: str | None, on: Scoped = Case) -> ColumnElement[bool]:
    """Cases whose prison or destination area is in the region (every case when None).

    The one rule of a ROM's scope, of `GET /cases?region=` and of the pipeline (overlapping
    across regions; the disjoint rule that shares sweeps out is `partition.in_region`).
    """
    if region is None:
        return true()
    # The case's own region columns (kept by storage/case_regions.py), each indexed.
    return or_(col(on.prison_region) == region, col(on.destination_region) == region)


def region_ranges(region: str, on: Scoped = Case) -> list[ColumnElement[bool]]:
    """`region_scope(region)` as two disjoint slices, each one index range in caseload order:
    the region's prisons, and the cases coming to its areas from elsewhere
    (ix_case_prison_region_order, ix_case_destination_region_order, which holds the prison's
    region too). A page is a merge of the two, a capped count a sum."""
    prison_region, destination_region = col(on.prison_region), col(on.destination_region)
    elsewhere = or_(prison_region.is_(None), prison_region != region)
    return [prison_region == region, and_(destination_region == region, elsewhere)]


def scope_ranges(principal: Principal, on: Scoped = Case) -> list[ColumnElement[bool]]:
    """`case_scope(principal)` as disjoint slices of `on`, each read from one index (a ROM's
    two region ranges; any other scope is one)."""
    if principal.role == Role.rom and principal.scope:
        return region_ranges(principal.scope, on)
    return [case_scope(principal, on)]


def require_role(principal: Principal, *roles: Role) -> None:
    """403 unless the caller's role may read this at all (admins may do everything; who may
    write what is access/permissions.py's)."""
    if principal.role != Role.admin and principal.role not in roles:
        allowed = ", ".join(r.value for r in roles) or "admin"
        raise Forbidden(f"a {principal.role.value} may not do this (allowed: {allowed})")
