"""Builders for placement tests: services and cases straight in the database."""

from __future__ import annotations

from datetime import date

from resettlement.access.users import Principal
from resettlement.catalogue.masks import full_mask
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Service
from resettlement.vocabulary import Role, ServiceGender, SpectrumStage, Team, Via
from tests.conftest import NOW
from tests.factories import AREA, case_row

HACS = Principal("durham-hacs", Role.prison_staff, "DMI", Team.hacs, Via.api)
START = date(2026, 12, 20)


def service(capacity: int = 1, kind: str = "supported_housing") -> str:
    with session_scope() as session:
        row = Service(
            name="Last Place House",
            provider="Harbour Lane Housing",
            address="1 Quay Road, Newcastle upon Tyne",
            area=AREA,
            kind=kind,
            support_level="medium",
            capacity=capacity,
            access="direct",
            genders_mask=full_mask(ServiceGender),
            stages_mask=full_mask(SpectrumStage),
            created_at=NOW,
            updated_at=NOW,
            updated_by="test",
        )
        session.add(row)
        session.flush()
        return row.id


def cases(n: int, release: date = date(2027, 1, 10)) -> list[str]:
    with session_scope() as session:
        rows = [case_row(release_date=release) for _ in range(n)]
        session.add_all(rows)
        session.flush()
        return [r.id for r in rows]


def offered(case_id: str, service_id: str, start: date = START) -> str:
    from resettlement.placements.commands import offer, request_place

    with session_scope() as session:
        row, _ = request_place(
            session, principal=HACS, case_id=case_id, service_id=service_id, start_date=start
        )
        offer(session, principal=HACS, placement_id=row.id)
        return row.id
