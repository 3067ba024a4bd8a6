"""The demo's person link: one person in HMP Durham, released soonest, gets a one-time link to
their own plan, made by the demo's HACS worker and printed at the end of `resettle demo` with
their date of birth (to sign in as them, as they would from the slip given at the gate)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import col, select

from resettlement import clock
from resettlement.access.users import Principal
from resettlement.person_view.commands import issue_link
from resettlement.policy import Policy
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Accommodation, Case
from resettlement.vocabulary import CUSTODY_STAGES, Role, Team

# The demo's HACS worker at HMP Durham makes it (actors.DEMO_USERS).
DEMO_PRISON_USER = Principal("demo-hacs", Role.prison_staff, "DMI", Team.hacs)


@dataclass(frozen=True)
class DemoLink:
    name: str
    date_of_birth: date
    url: str


def demo_person_link(base_url: str, policy: Policy) -> DemoLink | None:
    """A link for the Durham person leaving soonest (housed, if anyone is), made by demo-hacs."""
    today = clock.today()
    with session_scope() as session:
        housed = select(col(Accommodation.case_id)).where(col(Accommodation.confirmed))
        case = session.exec(
            select(Case)
            .where(
                col(Case.prison) == DEMO_PRISON_USER.scope,
                col(Case.stage).in_([s.value for s in CUSTODY_STAGES]),
                col(Case.release_date) >= today,
            )
            .order_by(col(Case.id).in_(housed).desc(), col(Case.release_date), col(Case.id))
        ).first()
        if case is None:
            return None
        issued = issue_link(
            session,
            principal=DEMO_PRISON_USER,
            case_id=case.id,
            base_url=base_url,
            now=clock.now(),
            policy=policy.person_link,
        )
        return DemoLink(f"{case.given_name} {case.family_name}", case.date_of_birth, issued.url)
