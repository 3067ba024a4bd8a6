"""What staff do on a simulated day, each piece through the same service the API and pages use:
HACS and CARAT assessments, referrals, accommodation, the release plan, handovers and checks."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlmodel import col, select

from resettlement import clock
from resettlement.access.users import Principal
from resettlement.aftercare.commands import record_check
from resettlement.assessment.carat import record_carat_assessment
from resettlement.assessment.hacs import record_hacs_assessment
from resettlement.assessment.housing_benefit import Tenancy
from resettlement.demo.world import World
from resettlement.duty_to_refer.commands import record_referral, record_referral_outcome
from resettlement.handover.acceptance import accept_handover
from resettlement.housing.commands import put_accommodation
from resettlement.planning import commands as release_plan
from resettlement.planning.rules import required_signers
from resettlement.storage.tables import Case, Handover, Referral, TenancyCheck
from resettlement.vocabulary import (
    HousingStatus,
    LandlordType,
    PlanParty,
    PlanStatus,
    ReferralOutcome,
    RiskFactor,
    SpectrumStage,
    SupportLevel,
    TenancyOutcome,
    TriageOutcome,
)
from resettlement.working_days import add_working_days

AT_RECEPTION = {
    HousingStatus.nfa: 24,
    HousingStatus.rough_sleeping: 8,
    HousingStatus.temporary: 15,
    HousingStatus.tenancy_maintained: 14,
    HousingStatus.settled: 20,
    HousingStatus.supported_housing: 5,
    HousingStatus.approved_premises: 2,
    HousingStatus.unknown: 12,
}
AT_RISK = {HousingStatus.nfa, HousingStatus.rough_sleeping, HousingStatus.temporary}
PROVIDERS = {
    HousingStatus.supported_housing: ["Changing Lives", "Home Group", "Riverside"],
    HousingStatus.approved_premises: ["Probation approved premises"],
    HousingStatus.temporary: ["CAS3 accommodation", "Local authority hostel"],
    HousingStatus.settled: ["Family home", "Own tenancy"],
}
PROVIDERS_ANY = {HousingStatus.supported_housing, HousingStatus.temporary}  # licence or not
NEW_ARRANGEMENTS = {
    HousingStatus.supported_housing: 50,
    HousingStatus.approved_premises: 15,
    HousingStatus.temporary: 35,
}
SECTIONS = {
    PlanParty.hacs: ("Release-night accommodation arranged.", "Housing key worker", 0),
    PlanParty.carat: ("Continue treatment in the community.", "First treatment appointment", 1),
    PlanParty.probation: ("Licence conditions explained.", "Probation induction", 0),
    PlanParty.cjit: ("CJIT worker allocated; first appointment booked.", "CJIT appointment", 1),
}
SUPPORT_NEED = {
    SupportLevel.none: 15,
    SupportLevel.low: 35,
    SupportLevel.medium: 35,
    SupportLevel.high: 15,
}
RISK_CHANCE = {
    RiskFactor.arson: 0.03,
    RiskFactor.sexual_offence: 0.04,
    RiskFactor.violence: 0.15,
    RiskFactor.rent_arrears: 0.12,
    RiskFactor.high_mental_health_need: 0.08,
}
CHECK_OUTCOMES = {
    TenancyOutcome.sustained: 78,
    TenancyOutcome.at_risk: 10,
    TenancyOutcome.lost: 6,
    TenancyOutcome.not_contactable: 6,
}


def _pick(
    world: World,
    weights: dict[HousingStatus, int] | dict[TenancyOutcome, int] | dict[SupportLevel, int],
) -> object:
    return world.rng.choices(list(weights), list(weights.values()))[0]


def hacs_assessment(world: World, case: Case) -> None:
    rng = world.rng
    status = _pick(world, AT_RECEPTION)
    assert isinstance(status, HousingStatus)
    tenancy = None
    if status in (HousingStatus.tenancy_maintained, HousingStatus.settled) and rng.random() < 0.7:
        tenancy = Tenancy(
            landlord_type=rng.choice([LandlordType.social, LandlordType.private]),
            rent_weekly=Decimal(rng.randrange(75, 175)),
            arrears=Decimal(rng.choice([0, 0, 0, 120, 480])),
            housing_benefit=rng.random() < 0.7,
        )
    threatened = status in AT_RISK or (status == HousingStatus.unknown and rng.random() < 0.5)
    support = _pick(world, SUPPORT_NEED)
    assert isinstance(support, SupportLevel)
    risks = [r for r, p in RISK_CHANCE.items() if rng.random() < p]
    principal = world.staff.prison[(case.prison, PlanParty.hacs)]
    world.act(
        "hacs_assessment",
        lambda s: record_hacs_assessment(
            s,
            principal=principal,
            case_id=case.id,
            housing_status=status,
            tenancy=tenancy,
            threatened_with_homelessness=threatened,
            duty_to_refer_consent=threatened and rng.random() < 0.8,
            destination_area=None,
            notes=rng.choice([None, "Seen on the induction wing.", "Needs ground-floor room."]),
            support_need=support,
            risk_factors=risks,
            policy=world.policy,
            reference=world.reference,
        ),
    )


def carat_assessment(world: World, case: Case) -> None:
    rng = world.rng
    need = rng.random() < 0.55
    principal = world.staff.prison[(case.prison, PlanParty.carat)]
    world.act(
        "carat_assessment",
        lambda s: record_carat_assessment(
            s,
            principal=principal,
            case_id=case.id,
            drug_need=need,
            spectrum_stage=rng.choice(list(SpectrumStage)) if need else None,
            consent_share_cjit=rng.random() < 0.75,
            triage_outcome=rng.choice(list(TriageOutcome)) if need else None,
            care_plan="Weekly one-to-one and group work" if need else None,
            notes=None,
        ),
    )


def referral(world: World, case: Case, today: date) -> None:
    principal = world.staff.prison[(case.prison, PlanParty.hacs)]
    world.act(
        "referral",
        lambda s: record_referral(
            s,
            principal=principal,
            case_id=case.id,
            local_authority=case.destination_area or world.areas[0],
            referred_on=today,
            reference=f"DTR-{world.rng.randrange(10_000, 99_999)}",
            ref_data=world.reference,
        ),
    )


def referral_outcome(world: World, row: Referral, prison: str, today: date) -> None:
    principal = world.staff.prison[(prison, PlanParty.hacs)]
    outcome = world.rng.choices(list(ReferralOutcome), [40, 35, 10, 10, 5])[0]
    world.act(
        "referral_outcome",
        lambda s: record_referral_outcome(
            s, principal=principal, case_id=row.case_id, outcome=outcome, outcome_on=today
        ),
    )


def accommodation(world: World, case: Case) -> None:
    """A release-night arrangement; most are confirmed in time, some start too late."""
    rng, maker = world.rng, world.maker
    status = HousingStatus(case.housing_status)
    if status not in PROVIDERS:
        kinds = [k for k in NEW_ARRANGEMENTS if case.on_licence or k in PROVIDERS_ANY]
        status = rng.choices(kinds, [NEW_ARRANGEMENTS[k] for k in kinds])[0]
    assert case.release_date is not None
    start = case.release_date - timedelta(days=rng.choice([0, 0, 1, 7]))
    if rng.random() < 0.1:
        start = case.release_date + timedelta(days=rng.randint(1, 10))  # a bed, but too late
    town = world.reference.areas[case.destination_area or world.areas[0]].name
    address = f"{maker.fake.street_address()}, {town} {maker.fake.postcode()}"
    principal = world.staff.prison[(case.prison, PlanParty.hacs)]
    world.act(
        "accommodation",
        lambda s: put_accommodation(
            s,
            principal=principal,
            case_id=case.id,
            housing_status=status,
            address=address,
            provider=rng.choice(PROVIDERS[status]),
            start_date=start,
            confirmed=rng.random() < 0.9,
        ),
    )


def plan_work(world: World, case: Case, written: set[str], signed: set[str], status: str) -> None:
    """Each party writes its section, then signs it, at its own pace."""
    assert case.release_date is not None
    for party in required_signers(case.on_licence):
        principal = world.staff.for_party(party, case.prison, case.destination_area)
        if principal is None:
            continue
        if party.value not in written and world.chance(0.12):
            _write(world, case, party, principal)
        elif party.value in written - signed and status == PlanStatus.draft and world.chance(0.15):
            _sign(world, case, party, principal)


def _write(world: World, case: Case, party: PlanParty, by: Principal) -> None:
    assert case.release_date is not None
    content = _section(party, case.release_date)
    world.act(
        "plan_section",
        lambda s: release_plan.write_section(
            s, principal=by, case_id=case.id, party=party, content=content
        ),
    )


def _sign(world: World, case: Case, party: PlanParty, by: Principal) -> None:
    world.act(
        "plan_signature",
        lambda s: release_plan.sign(s, principal=by, case_id=case.id, party=party),
    )


def _section(party: PlanParty, release: date) -> dict[str, object]:
    summary, what, days_after = SECTIONS[party]
    when = (release + timedelta(days=days_after)).isoformat()
    return {"summary": summary, "appointments": [{"what": what, "when": when}]}


def accept(world: World, handover: Handover) -> None:
    principal = world.staff.cjit.get(handover.area or "")
    if principal is None:
        return
    day = add_working_days(clock.today(), 1)
    first = datetime.combine(day, time(10, 0), clock.LONDON)
    worker = world.maker.staff_name()
    world.act(
        "handover_accepted",
        lambda s: accept_handover(
            s,
            principal=principal,
            handover_id=handover.id,
            worker=worker,
            first_appointment=first,
            now=clock.now(),
        ),
    )


def tenancy_check(world: World, check: TenancyCheck, area: str | None) -> None:
    principal = world.staff.cjit.get(area or "")
    if principal is None:
        return
    outcome = _pick(world, CHECK_OUTCOMES)
    assert isinstance(outcome, TenancyOutcome)
    notes = {
        TenancyOutcome.at_risk: "Rent arrears building; benefits claim delayed.",
        TenancyOutcome.lost: "Evicted after a dispute with the landlord.",
    }.get(outcome)
    world.act(
        "tenancy_check",
        lambda s: record_check(
            s,
            principal=principal,
            case_id=check.case_id,
            check_id=check.id,
            outcome=outcome,
            notes=notes,
            now=clock.now(),
            today=clock.today(),
            policy=world.policy,
        ),
    )


def plans_in_progress(session: object) -> list[tuple[Case, str, set[str], set[str]]]:
    """Current-episode plans not yet agreed, with the sections written and signatures given."""
    from sqlmodel import Session

    from resettlement.storage.tables import PlanSection, PlanSignature, ReleasePlan

    assert isinstance(session, Session)
    rows = session.exec(
        select(Case, ReleasePlan)
        .join(ReleasePlan, col(ReleasePlan.case_id) == col(Case.id))
        .where(
            col(ReleasePlan.episode) == col(Case.episode),
            col(ReleasePlan.status) == PlanStatus.draft.value,
        )
        .order_by(col(Case.prison_number))
    ).all()
    out = []
    for case, plan in rows:
        written = set(session.exec(select(PlanSection.party).where(PlanSection.plan_id == plan.id)))
        signed = set(
            session.exec(select(PlanSignature.party).where(PlanSignature.plan_id == plan.id))
        )
        out.append((case, plan.status, written, signed))
    return out
