"""Builders for the things tests need: prison events, users, cases through the real intake."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from typing import Any

from resettlement.vocabulary import Role, Team

_numbers = itertools.count(1)

# A prison and areas from the shipped reference data (North East region).
PRISON = "DMI"  # HMP Durham
OTHER_PRISON = "HHI"  # HMP/YOI Holme House, also NE
FAR_PRISON = "PVI"  # HMP Pentonville, London
AREA = "E08000021"  # Newcastle upon Tyne (NE)
FAR_AREA = "W06000015"  # Cardiff (Wales)
REGION = "NE"


def prison_number() -> str:
    n = next(_numbers)
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    return f"A{n % 10000:04d}{letters[(n // 10000) % 23]}{letters[n % 23]}"


def event_id() -> str:
    return f"evt-{next(_numbers)}"


def iso(value: datetime | date) -> str:
    return value.isoformat()


def reception(
    *,
    at: datetime,
    prison_number_: str | None = None,
    prison: str = PRISON,
    release_in_days: int | None = 120,
    area: str | None = AREA,
    **extra: Any,
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "event_id": event_id(),
        "type": "reception",
        "occurred_at": iso(at),
        "prison_number": prison_number_ or prison_number(),
        "prison": prison,
        "person": {
            "given_name": "Aled",
            "family_name": "Morgan",
            "date_of_birth": "1988-03-14",
            "gender": "male",
        },
    }
    if release_in_days is not None:
        event["release_date"] = iso(at.date() + timedelta(days=release_in_days))
        event["release_date_type"] = "CRD"
    if area is not None:
        event["destination_area"] = area
    return event | extra


def follow_up(
    kind: str, *, number: str, at: datetime, prison: str = PRISON, **extra: Any
) -> dict[str, Any]:
    return {
        "event_id": event_id(),
        "type": kind,
        "occurred_at": iso(at),
        "prison_number": number,
        "prison": prison,
    } | extra


# name -> (role, scope, team). Prison staff act only for their team: one Durham user per team,
# and "durham" itself belongs to none (it reads, never writes).
USERS: dict[str, tuple[Role, str | None, Team | None]] = {
    "admin": (Role.admin, None, None),
    "durham": (Role.prison_staff, PRISON, None),
    "durham-hacs": (Role.prison_staff, PRISON, Team.hacs),
    "durham-carat": (Role.prison_staff, PRISON, Team.carat),
    "durham-probation": (Role.prison_staff, PRISON, Team.probation),
    "pentonville": (Role.prison_staff, FAR_PRISON, Team.hacs),
    "newcastle": (Role.cjit_worker, AREA, None),
    "cardiff": (Role.cjit_worker, FAR_AREA, None),
    "rom-ne": (Role.rom, REGION, None),
    "rom-ln": (Role.rom, "LN", None),
    "feed": (Role.feed, None, None),
}
# Who writes each party's section of the release plan (and signs for it).
PLAN_WRITERS = {
    "hacs": "durham-hacs",
    "carat": "durham-carat",
    "probation": "durham-probation",
    "cjit": "newcastle",
}


# -- pre-release path: request bodies (issue #3) ---------------------------------------------


def hacs_body(**extra: Any) -> dict[str, Any]:
    """A HACS reception assessment: no tenancy, not threatened with homelessness."""
    return {
        "housing_status": "nfa",
        "threatened_with_homelessness": False,
        "duty_to_refer_consent": False,
    } | extra


def tenancy(**extra: Any) -> dict[str, Any]:
    return {
        "landlord_type": "social",
        "rent_weekly": "95.50",
        "arrears": "0",
        "housing_benefit": True,
    } | extra


def carat_body(**extra: Any) -> dict[str, Any]:
    return {
        "drug_need": True,
        "spectrum_stage": "in_treatment",
        "consent_share_cjit": True,
    } | extra


def accommodation_body(*, start: date, confirmed: bool = True, **extra: Any) -> dict[str, Any]:
    return {
        "housing_status": "supported_housing",
        "address": "12 Westgate Road, Newcastle upon Tyne NE1 1SA",
        "provider": "Changing Lives",
        "start_date": start.isoformat(),
        "confirmed": confirmed,
    } | extra


def section_body(summary: str = "First-night address agreed", **extra: Any) -> dict[str, Any]:
    return {"content": {"summary": summary} | extra}


def received_case(api: Any, *, at: datetime, **kw: Any) -> str:
    """A case opened by a reception event through the API (as admin); returns its id."""
    response = api.post("/events", json=reception(at=at, **kw))
    assert response.status_code == 201, response.text
    return str(response.json()["case_id"])


def case_row(**extra: Any) -> Any:
    """A Case row to add straight to a session (for sweep tests over many generated cases)."""
    from datetime import UTC

    from resettlement.storage.tables import Case

    at = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    values: dict[str, Any] = {
        "prison_number": prison_number(),
        "given_name": "Aled",
        "family_name": "Morgan",
        "date_of_birth": date(1988, 3, 14),
        "gender": "male",
        "prison": PRISON,
        "destination_area": AREA,
        "reception_date": date(2026, 6, 1),
        "stage": "case_managed",
        "created_at": at,
        "updated_at": at,
    }
    return Case(**(values | extra))


# -- release and after: handover, delivery, tenancy checks (issue #4) -------------------------


def release_event(number: str, *, at: datetime, area: str | None = None, **extra: Any) -> dict:
    """A release event for the person's case (destination area unchanged unless given)."""
    event = follow_up("release", number=number, at=at, **extra)
    if area is not None:
        event["destination_area"] = area
    return event


def apply_events(*events: dict[str, Any]) -> list[str]:
    """Apply prison events through the real intake in one committed transaction; case ids."""
    from resettlement.policy import get_policy, get_reference
    from resettlement.reception.events import parse_event
    from resettlement.reception.intake import Intake
    from resettlement.storage.db import session_scope

    with session_scope() as session:
        intake = Intake(session, actor="test", policy=get_policy(), reference=get_reference())
        outcomes = [intake.apply(parse_event(e)) for e in events]
        intake.flush()
    assert all(o.status == "accepted" for o in outcomes), outcomes
    return [str(o.case_id) for o in outcomes]


def released(
    *, received_at: datetime, released_at: datetime, area: str | None = AREA, **kw: Any
) -> tuple[str, str]:
    """A person received and then released through the intake; (case id, prison number)."""
    event = reception(at=received_at, area=area, **kw)
    case_id, _ = apply_events(event, release_event(event["prison_number"], at=released_at))
    return case_id, event["prison_number"]


def handover_of(case_id: str) -> Any:
    """The case's current handover row, read afresh."""
    from sqlmodel import col, select

    from resettlement.storage.db import session_scope
    from resettlement.storage.tables import Handover

    with session_scope(write=False) as session:
        query = (
            select(Handover)
            .where(col(Handover.case_id) == case_id)
            .order_by(col(Handover.episode).desc())
        )
        return session.exec(query).first()


def set_area_system(area: str, url: str | None) -> None:
    """Point a CJIT area at a case system (a loopback test server), or at none."""
    from resettlement.storage.db import session_scope
    from resettlement.storage.tables import Area

    with session_scope() as session:
        row = session.get(Area, area)
        assert row is not None
        row.cjit_system_url = url


# -- web pages (issue #5) --------------------------------------------------------------------

WEB_PASSWORD = "correct horse battery staple"


def give_web_passwords(names: tuple[str, ...] = tuple(USERS)) -> None:
    """Let existing users (the `tokens` fixture's) sign in to the web pages with WEB_PASSWORD."""
    from argon2 import PasswordHasher
    from sqlalchemy import update
    from sqlmodel import col

    from resettlement.storage.db import session_scope
    from resettlement.storage.tables import User

    hashed = PasswordHasher().hash(WEB_PASSWORD)  # one hash for all: argon2 is slow on purpose
    with session_scope() as session:
        session.execute(
            update(User).where(col(User.username).in_(names)).values(password_hash=hashed)
        )


class WebClient:
    """A person's browser without the browser: cookies kept, the CSRF token read from each page."""

    def __init__(self, base: str) -> None:
        import requests

        self.base = base
        self.http = requests.Session()
        self.csrf = ""

    def _keep_token(self, response: Any) -> Any:
        import re

        found = re.search(r'name="csrf_token" value="([^"]+)"', response.text)
        if found:
            self.csrf = found.group(1)
        return response

    def get(self, path: str, **kw: Any) -> Any:
        kw.setdefault("timeout", 30)
        return self._keep_token(self.http.get(self.base + path, **kw))

    def post(self, path: str, data: dict[str, str] | None = None, **kw: Any) -> Any:
        """POST a form with the session's CSRF token (unless `data` brings its own)."""
        kw.setdefault("timeout", 30)
        form = {"csrf_token": self.csrf, **(data or {})}
        return self._keep_token(self.http.post(self.base + path, data=form, **kw))

    def sign_in(self, username: str, password: str = WEB_PASSWORD) -> Any:
        self.get("/sign-in")
        return self.post("/sign-in", {"username": username, "password": password})


# -- other systems: HMPPS domain events (issue #13) ------------------------------------------

HMPPS_SEARCH = "prisoner-offender-search.prisoner"
HMPPS_OFFENDER_EVENTS = "prison-offender-events.prisoner"


def hmpps_event(
    kind: str,
    reason: str,
    *,
    number: str = "A1234BC",
    prison: str = "MDI",
    at: str | datetime = "2026-11-24T09:15:02.123456+00:00",
    code: str | None = None,
    **info: Any,
) -> dict[str, Any]:
    """A bare HMPPS domain event as its publisher sends it (`kind`: f"{HMPPS_SEARCH}.received")."""
    additional = {"nomsNumber": number, "reason": reason, "prisonId": prison} | info
    if kind.startswith(HMPPS_OFFENDER_EVENTS):
        additional |= {"currentLocation": "IN_PRISON", "currentPrisonStatus": "UNDER_PRISON_CARE"}
        additional |= {"details": "ACTIVE IN:ADM-N"} | (
            {"nomisMovementReasonCode": code} if code else {}
        )
    return {
        "eventType": kind,
        "version": 1,
        "description": "A prisoner has been received into prison",
        "occurredAt": at if isinstance(at, str) else at.isoformat(),
        "publishedAt": "2026-11-24T09:15:04.5+00:00",
        "additionalInformation": additional,
        "personReference": {"identifiers": [{"type": "NOMS", "value": number}]},
    }


def sns_envelope(
    bare: dict[str, Any], message_id: str = "5b8fc1a2-0c2e-5a4f-9b51-6c1c2a1d7e01"
) -> dict[str, Any]:
    """The event in the SNS envelope HMPPS's topic delivers it in."""
    import json

    return {
        "Type": "Notification",
        "MessageId": message_id,
        "TopicArn": "arn:aws:sns:eu-west-2:000000000000:hmpps-domain-events",
        "Message": json.dumps(bare),
        "Timestamp": "2026-11-24T09:15:05.000Z",
        "MessageAttributes": {"eventType": {"Type": "String", "Value": bare["eventType"]}},
    }


# -- needs, allocation, the person's own view (issue #14) -------------------------------------


def need_body(pathway: str = "finance_id", need: str = "bank_account", owner: str = "hacs") -> dict:
    return {"pathway": pathway, "need": need, "owner": owner}


def add_need(api: Any, case_id: str, *, user: str = "admin", **kw: Any) -> dict[str, Any]:
    """A need recorded through the API; the need as the API answers."""
    response = api.post(f"/cases/{case_id}/needs", json=need_body(**kw), user=user)
    assert response.status_code == 201, response.text
    return dict(response.json())


def person_link(api: Any, case_id: str, *, user: str = "admin") -> dict[str, Any]:
    """A one-time link for the person made through the API: {url, expires_at, send_by}."""
    response = api.post(f"/cases/{case_id}/person-link", user=user)
    assert response.status_code == 201, response.text
    return dict(response.json())


def link_path(url: str) -> str:
    """The path of a person link (/p/SECRET), to open on the test server."""
    return "/p/" + url.rsplit("/p/", 1)[1]


DATE_OF_BIRTH = {"dob-day": "14", "dob-month": "3", "dob-year": "1988"}  # reception()'s person


def add_worker(api: Any, name: str, role: Role, scope: str, team: Team | None = None) -> str:
    """Another member of staff, with an API token the `api` client can call as; their name."""
    from resettlement.access.users import add_user
    from resettlement.policy import get_reference
    from resettlement.storage.db import session_scope

    with session_scope() as session:
        api.tokens[name] = add_user(
            session, username=name, role=role, scope=scope, team=team, reference=get_reference()
        )
    return name


def allocate(api: Any, case_id: str, team: str, username: str, *, user: str, **body: Any) -> Any:
    """PUT /cases/{id}/allocation/{team} as `user`; the response."""
    return api.put(
        f"/cases/{case_id}/allocation/{team}", json={"username": username} | body, user=user
    )


def edit_yaml(path: Any, change: Any) -> None:
    """Load a YAML file, let `change` alter the data, write it back (Welsh kept as it is)."""
    import yaml

    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))


# Staff words planted everywhere a person's own page could take them from: none may show there.
STAFF_WORDS = (
    "HACSSECRETNOTE",
    "CARATSECRETNOTE",
    "CARATSECRETPLAN",
    "CARATSECTIONWORDS",
    "CARATAPPTWORDS",
    "PROBATIONSUMMARY",
    "NEEDNOTE",
)


def planned_case(api: Any, *, at: datetime, **kw: Any) -> str:
    """A person 50 days from release with what their own page shows: an address confirmed,
    a treatment appointment (Hope Centre) and a probation induction (Pilgrim St) 30 days out, a
    birth certificate obtained and a GP registration to do; and STAFF_WORDS in every note."""
    case_id = received_case(api, at=at - timedelta(days=20), release_in_days=50, **kw)
    places = ("hacs", "carat", "plan", "section", "appt", "probation", "need")
    notes = dict(zip(places, STAFF_WORDS, strict=True))
    api.post(f"/cases/{case_id}/hacs-assessment", json=hacs_body(notes=notes["hacs"]))
    body = carat_body(notes=notes["carat"], care_plan=notes["plan"])
    api.post(f"/cases/{case_id}/carat-assessment", json=body)
    when = (at + timedelta(days=30)).date().isoformat()
    sections = {
        "carat": {
            "summary": notes["section"],
            "appointments": [{"what": notes["appt"], "when": when, "where": "Hope Centre"}],
        },
        "probation": {
            "summary": notes["probation"],
            "appointments": [{"what": "Probation induction", "when": when, "where": "Pilgrim St"}],
        },
    }
    for party, content in sections.items():
        put = api.put(f"/cases/{case_id}/release-plan/sections/{party}", json={"content": content})
        assert put.status_code == 200, put.text
    api.put(f"/cases/{case_id}/accommodation", json=accommodation_body(start=at.date()))
    need = add_need(api, case_id, pathway="finance_id", need="birth_certificate")
    met = {"status": "met", "note": notes["need"]}
    assert api.put(f"/cases/{case_id}/needs/{need['id']}", json=met).status_code == 200
    add_need(api, case_id, pathway="health", need="gp_registration", owner="probation")
    return case_id


# -- map and match: services and placements (issue #11) --------------------------------------

ALL_STAGES = [
    "chaotic_using",
    "chaotic_engaging",
    "in_treatment",
    "recently_abstinent_vulnerable",
    "abstinent_potentially_vulnerable",
]


def service_body(**extra: Any) -> dict[str, Any]:
    """A supported house in Newcastle taking anyone adult, at any stage, with two places."""
    return {
        "name": "Westgate House",
        "provider": "Harbour Lane Housing",
        "address": "12 Westgate Road, Newcastle upon Tyne NE1 1SA",
        "area": AREA,
        "kind": "supported_housing",
        "support_level": "medium",
        "capacity": 2,
        "access": "referral",
        "genders": ["male", "female", "other"],
        "min_age": 18,
        "max_age": None,
        "accepts_on_licence": True,
        "spectrum_stages": ALL_STAGES,
        "excludes": [],
    } | extra


def add_service(api: Any, *, user: str = "admin", **extra: Any) -> dict[str, Any]:
    response = api.post("/services", json=service_body(**extra), user=user)
    assert response.status_code == 201, response.text
    return dict(response.json())
