"""Builders for the things tests need: prison events, users, cases through the real intake.

Split by what they hold; import them from here (`from tests.factories import received_case`):

- events.py: prison and HMPPS events, the prison, areas and region tests use;
- staff.py: the users of each role and team, other staff, the web client;
- bodies.py: request bodies and the YAML files tests edit;
- cases.py: cases through the real intake and API, and what hangs off them.
"""

from __future__ import annotations

from tests.factories.bodies import (
    ALL_STAGES,
    accommodation_body,
    carat_body,
    edit_yaml,
    hacs_body,
    need_body,
    section_body,
    service_body,
    tenancy,
)
from tests.factories.cases import (
    DATE_OF_BIRTH,
    STAFF_WORDS,
    add_need,
    add_service,
    apply_events,
    case_row,
    handover_of,
    link_path,
    person_link,
    planned_case,
    received_case,
    released,
    set_area_system,
)
from tests.factories.events import (
    AREA,
    FAR_AREA,
    FAR_PRISON,
    HMPPS_OFFENDER_EVENTS,
    HMPPS_SEARCH,
    OTHER_PRISON,
    PRISON,
    REGION,
    event_id,
    follow_up,
    hmpps_event,
    iso,
    prison_number,
    reception,
    release_event,
    sns_envelope,
)
from tests.factories.staff import (
    PLAN_WRITERS,
    USERS,
    WEB_PASSWORD,
    WebClient,
    add_worker,
    allocate,
    give_web_passwords,
)

__all__ = [
    "ALL_STAGES",
    "AREA",
    "DATE_OF_BIRTH",
    "FAR_AREA",
    "FAR_PRISON",
    "HMPPS_OFFENDER_EVENTS",
    "HMPPS_SEARCH",
    "OTHER_PRISON",
    "PLAN_WRITERS",
    "PRISON",
    "REGION",
    "STAFF_WORDS",
    "USERS",
    "WEB_PASSWORD",
    "WebClient",
    "accommodation_body",
    "add_need",
    "add_service",
    "add_worker",
    "allocate",
    "apply_events",
    "carat_body",
    "case_row",
    "edit_yaml",
    "event_id",
    "follow_up",
    "give_web_passwords",
    "hacs_body",
    "handover_of",
    "hmpps_event",
    "iso",
    "link_path",
    "need_body",
    "person_link",
    "planned_case",
    "prison_number",
    "received_case",
    "reception",
    "release_event",
    "released",
    "section_body",
    "service_body",
    "set_area_system",
    "sns_envelope",
    "tenancy",
]
