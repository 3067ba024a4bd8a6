"""SQL twin of `rules.needs_chase`: the current referrals of open cases that need chasing."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Select, select
from sqlmodel import col

from resettlement.cases.partition import region_clause
from resettlement.policy import HousingPolicy
from resettlement.storage.tables import Case, Referral
from resettlement.vocabulary import FINAL_STAGES


def referrals_to_chase(
    today: date, policy: HousingPolicy, region: str | None
) -> Select[str, int, date, str]:
    """(case_id, episode, referred_on, reference) of each current referral of a case still on
    the path with no outcome on its chase day or after (of `region`'s cases, when given)."""
    cutoff = today - timedelta(days=policy.duty_to_refer_chase_days)
    return (
        select(
            col(Referral.case_id),
            col(Referral.episode),
            col(Referral.referred_on),
            col(Referral.reference),
        )
        .join(Case, col(Case.id) == col(Referral.case_id))
        .where(
            col(Referral.outcome).is_(None),
            col(Referral.referred_on) <= cutoff,
            col(Referral.episode) == col(Case.episode),
            col(Case.stage).not_in([s.value for s in FINAL_STAGES]),
            region_clause(region),
        )
    )
