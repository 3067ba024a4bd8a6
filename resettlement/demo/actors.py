"""Who does the work in the synthetic region: staff at each prison, a worker in each CJIT area,
the region's ROM; and the people who sign in to the demo (one per role, printed passwords)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from resettlement.access.users import Principal, add_user
from resettlement.policy import Reference
from resettlement.storage.db import session_scope
from resettlement.vocabulary import PlanParty, Role, Team

REGION = "NE"
WOMENS_PRISONS = frozenset({"LNI"})  # HMP/YOI Low Newton
# How many people each prison and area sees, roughly (bigger local prisons, bigger cities).
PRISON_WEIGHTS = {"DMI": 5, "HHI": 5, "NLI": 4, "DTI": 1, "FKI": 1, "KVI": 1}
AREA_WEIGHTS = {
    "E08000021": 6,  # Newcastle upon Tyne
    "E08000024": 5,  # Sunderland
    "E06000047": 5,  # County Durham
    "E06000002": 4,  # Middlesbrough
    "E08000037": 3,
    "E08000022": 3,
    "E08000023": 2,
    "E06000057": 3,
    "E06000001": 2,
    "E06000003": 2,
    "E06000004": 3,
    "E06000005": 2,
}


@dataclass
class Staff:
    """The principals the simulation acts as (they need no user record: services take a
    Principal), named like real people so that timelines read naturally."""

    prison: dict[tuple[str, PlanParty], Principal] = field(default_factory=dict)
    cjit: dict[str, Principal] = field(default_factory=dict)

    def for_party(self, party: PlanParty, prison: str, area: str | None) -> Principal | None:
        if party == PlanParty.cjit:
            return self.cjit.get(area or "")
        return self.prison.get((prison, party))


def region_staff(reference: Reference, usernames: list[str]) -> Staff:
    names = iter(usernames)
    staff = Staff()
    for code, prison in reference.prisons.items():
        if prison.region != REGION:
            continue
        for party in (PlanParty.hacs, PlanParty.carat, PlanParty.probation):
            team = Team(party.value)
            staff.prison[(code, party)] = Principal(next(names), Role.prison_staff, code, team)
    for code, area in reference.areas.items():
        if area.region == REGION:
            staff.cjit[code] = Principal(next(names), Role.cjit_worker, code)
    return staff


@dataclass(frozen=True)
class SignIn:
    role: str
    username: str
    password: str
    scope: str | None


DEMO_USERS = (
    ("HACS, HMP Durham", "demo-hacs", Role.prison_staff, "DMI", Team.hacs),
    ("CARAT, HMP Durham", "demo-carat", Role.prison_staff, "DMI", Team.carat),
    ("Probation, HMP Durham", "demo-probation", Role.prison_staff, "DMI", Team.probation),
    ("CJIT worker (Newcastle)", "demo-cjit", Role.cjit_worker, "E08000021", None),
    ("Regional offender manager (NE)", "demo-rom", Role.rom, REGION, None),
    ("Administrator", "demo-admin", Role.admin, None, None),
)


def create_sign_ins(reference: Reference) -> list[SignIn]:
    """One user per role, each with a new random password (shown once, stored as argon2)."""
    out = []
    with session_scope() as session:
        for label, username, role, scope, team in DEMO_USERS:
            password = secrets.token_urlsafe(12)
            add_user(
                session,
                username=username,
                role=role,
                scope=scope,
                team=team,
                reference=reference,
                password=password,
            )
            out.append(SignIn(label, username, password, scope))
    return out
