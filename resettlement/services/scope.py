"""Who may see which case: a prison's staff, a CJIT area's workers, a region's ROM, admins."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, or_, select, true
from sqlmodel import col

from resettlement.domain.vocabulary import Role
from resettlement.services.errors import Forbidden
from resettlement.services.users import Principal
from resettlement.storage.tables import Area, Case, Prison


def case_scope(principal: Principal) -> ColumnElement[bool]:
    """A WHERE clause on Case limiting rows to the caller's scope."""
    if principal.role == Role.admin:
        return true()
    if principal.role == Role.prison_staff:
        return col(Case.prison) == principal.scope
    if principal.role == Role.cjit_worker:
        return col(Case.destination_area) == principal.scope
    prisons = select(col(Prison.code)).where(col(Prison.region) == principal.scope)
    areas = select(col(Area.code)).where(col(Area.region) == principal.scope)
    return or_(col(Case.prison).in_(prisons), col(Case.destination_area).in_(areas))


def require_role(principal: Principal, *roles: Role) -> None:
    """403 unless the caller's role may do this at all (admins may do everything)."""
    if principal.role != Role.admin and principal.role not in roles:
        allowed = ", ".join(r.value for r in roles) or "admin"
        raise Forbidden(f"a {principal.role.value} may not do this (allowed: {allowed})")


def scope_filter_args(principal: Principal) -> dict[str, Any]:
    """The filter values a scoped caller is pinned to (for display)."""
    return {"role": principal.role.value, "scope": principal.scope}
