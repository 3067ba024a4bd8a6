"""Adding and changing services: admins anywhere, a ROM within its region (403 elsewhere).

Each is checked in full before anything is written (422 naming each bad field). A service
added with a `code` that is already there is not added twice: the same values give back the
service, different values are a 409 (change it with PUT).
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from resettlement import clock
from resettlement.access.permissions import require
from resettlement.access.users import Principal
from resettlement.catalogue.fields import ServiceValues
from resettlement.catalogue.rules import service_problems
from resettlement.errors import Conflict, FieldProblem, Forbidden, InvalidInput, NotFound
from resettlement.policy import Reference
from resettlement.storage.tables import Service
from resettlement.vocabulary import Action, Role


def check(values: ServiceValues, reference: Reference) -> None:
    """422 naming each field that breaks a catalogue rule."""
    problems = [
        FieldProblem(name, message)
        for name, message in service_problems(
            kind=values.kind,
            capacity=values.capacity,
            min_age=values.min_age,
            max_age=values.max_age,
            genders=values.genders,
            spectrum_stages=values.spectrum_stages,
        )
    ]
    if values.area not in reference.areas:
        problems.insert(0, FieldProblem("area", f"unknown CJIT area {values.area!r}"))
    if problems:
        raise InvalidInput(problems)


def _require_region(principal: Principal, area: str, reference: Reference) -> None:
    """A ROM manages the services of its own region's areas only."""
    require(principal, Action.manage_services)
    if principal.role == Role.rom and reference.areas[area].region != principal.scope:
        raise Forbidden(f"a rom manages the services of its own region ({principal.scope})")


def add_service(
    session: Session,
    *,
    principal: Principal,
    values: ServiceValues,
    code: str | None,
    reference: Reference,
) -> tuple[Service, bool]:
    require(principal, Action.manage_services)
    check(values, reference)
    _require_region(principal, values.area, reference)
    columns = values.columns()
    if code is not None:
        existing = session.exec(select(Service).where(col(Service.code) == code)).first()
        if existing is not None:
            if any(getattr(existing, k) != v for k, v in columns.items()):
                raise Conflict(f"a different service has code {code!r}: change it with PUT")
            return existing, False
    now = clock.now()
    row = Service(
        **columns, code=code, created_at=now, updated_at=now, updated_by=principal.username
    )
    session.add(row)
    session.flush()
    return row, True


def change_service(
    session: Session,
    *,
    principal: Principal,
    service_id: str,
    values: ServiceValues,
    reference: Reference,
) -> Service:
    require(principal, Action.manage_services)
    row = session.get(Service, service_id, with_for_update=True)
    if row is None:
        raise NotFound(f"no service {service_id}")
    check(values, reference)
    _require_region(principal, row.area, reference)
    _require_region(principal, values.area, reference)
    row.sqlmodel_update(values.columns())
    row.updated_at = clock.now()
    row.updated_by = principal.username
    session.add(row)
    session.flush()
    return row
