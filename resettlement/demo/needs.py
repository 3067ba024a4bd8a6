"""Needs in the synthetic region: each team records the needs it finds once a person is assessed,
and works them towards release at its own pace (some are declined); through the same services
as POST and PUT /cases/{id}/needs, acting as the owner party's member of staff."""

from __future__ import annotations

from sqlmodel import col, select

from resettlement.access.users import Principal
from resettlement.demo.world import World, read
from resettlement.needs.catalogue import get_catalogue
from resettlement.needs.commands import add_need, update_need
from resettlement.storage.tables import Case, Need
from resettlement.vocabulary import CUSTODY_STAGES, NeedStatus, Pathway, PlanParty, Stage

CUSTODY = [s.value for s in CUSTODY_STAGES]
# (pathway, need, owner, how often a person has it): the common needs on leaving prison.
COMMON = (
    (Pathway.finance_id, "bank_account", PlanParty.hacs, 0.45),
    (Pathway.finance_id, "id_documents", PlanParty.hacs, 0.4),
    (Pathway.finance_id, "benefits_claim", PlanParty.probation, 0.6),
    (Pathway.health, "gp_registration", PlanParty.probation, 0.5),
    (Pathway.accommodation, "find_accommodation", PlanParty.hacs, 0.35),
    (Pathway.education_skills_work, "find_work", PlanParty.probation, 0.3),
    (Pathway.children_families_communities, "contact_with_children", PlanParty.probation, 0.15),
    (Pathway.drugs_alcohol, "community_treatment", PlanParty.carat, 0.25),
    (Pathway.attitudes_thinking_behaviour, "mentoring", PlanParty.probation, 0.1),
)
# Each working day, the chance that an owner moves a need on: from -> [(to, chance)].
PROGRESS = {
    NeedStatus.not_started: ((NeedStatus.in_progress, 0.06), (NeedStatus.declined, 0.004)),
    NeedStatus.in_progress: ((NeedStatus.met, 0.05),),
}
NOTES = {
    NeedStatus.in_progress: "Application started with the person.",
    NeedStatus.met: "Done; the person has the paperwork.",
    NeedStatus.declined: "The person does not want this now.",
}


def record_needs(world: World) -> None:
    """Assessed custody cases with no needs yet: the teams record what they find (a few a day)."""
    with read() as session:
        has_needs = select(col(Need.case_id)).where(col(Need.case_id) == col(Case.id))
        cases = list(
            session.exec(
                select(Case)
                .where(
                    col(Case.stage).in_(CUSTODY),
                    col(Case.stage) != Stage.received.value,
                    ~has_needs.exists(),
                )
                .order_by(col(Case.prison_number))
            )
        )
    for case in cases:
        if not world.chance(0.3):
            continue
        for pathway, code, owner, share in COMMON:
            by = world.staff.for_party(owner, case.prison, case.destination_area)
            if by is not None and world.chance(share):
                _record(world, by, case.id, pathway, code, owner)


def _record(
    world: World, by: Principal, case_id: str, pathway: Pathway, code: str, owner: PlanParty
) -> None:
    catalogue = get_catalogue()
    world.act(
        "need_recorded",
        lambda s: add_need(
            s,
            principal=by,
            case_id=case_id,
            pathway=pathway,
            need=code,
            owner=owner,
            catalogue=catalogue,
        ),
    )


def _update(world: World, by: Principal, need: Need, target: NeedStatus) -> None:
    world.act(
        "need_updated",
        lambda s: update_need(
            s,
            principal=by,
            case_id=need.case_id,
            need_id=need.id,
            status=target,
            note=NOTES[target],
        ),
    )


def work_needs(world: World) -> None:
    """Owners move the open needs of people in custody on, a little each working day."""
    with read() as session:
        rows = session.exec(
            select(Need, Case.prison, Case.destination_area)
            .join(Case, col(Case.id) == col(Need.case_id))
            .where(
                col(Case.stage).in_(CUSTODY),
                col(Need.episode) == col(Case.episode),
                col(Need.status).in_([s.value for s in PROGRESS]),
            )
            .order_by(col(Case.prison_number), col(Need.pathway), col(Need.need))
        ).all()
    for need, prison, area in rows:
        for target, chance in PROGRESS[NeedStatus(need.status)]:
            if not world.chance(chance):
                continue
            by = world.staff.for_party(PlanParty(need.owner), prison, area)
            if by is not None:
                _update(world, by, need, target)
            break
