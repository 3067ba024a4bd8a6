"""The housing-benefit rule for a tenancy held at reception.

A sentenced person expected to be away for `housing_benefit_max_weeks` or less in total (remand
counted) keeps housing benefit, so the tenancy should be protected; away longer, the tenancy
should be ended safely so that arrears do not build up while they are inside.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from resettlement.policy import HousingPolicy
from resettlement.vocabulary import LandlordType, TaskKind


@dataclass(frozen=True)
class Tenancy:
    """A tenancy the person held when received into custody."""

    landlord_type: LandlordType
    rent_weekly: Decimal
    arrears: Decimal
    housing_benefit: bool
    custody_start: date | None = None  # first day held, remand counted; None: reception day


@dataclass(frozen=True)
class TenancyAdvice:
    """What HACS should do about a tenancy: a task kind, or none with the reason why."""

    action: TaskKind | None
    weeks_away: float | None
    reason: str


def weeks_away(custody_start: date, release_date: date) -> float:
    """Total time in custody, in weeks, from the first day held to the release date."""
    return (release_date - custody_start).days / 7


def tenancy_advice(
    tenancy: Tenancy | None,
    *,
    reception_date: date,
    release_date: date | None,
    policy: HousingPolicy,
) -> TenancyAdvice:
    """Protect the tenancy when away `housing_benefit_max_weeks` or less, else end it safely."""
    if tenancy is None:
        return TenancyAdvice(None, None, "no tenancy held at reception")
    if release_date is None:
        return TenancyAdvice(
            None,
            None,
            "no release date yet: the housing-benefit rule applies once one is set",
        )
    weeks = weeks_away(tenancy.custody_start or reception_date, release_date)
    limit = policy.housing_benefit_max_weeks
    if weeks <= limit:
        return TenancyAdvice(
            TaskKind.protect_tenancy,
            round(weeks, 1),
            f"away {weeks:.1f} weeks (at most {limit}): housing benefit can continue",
        )
    return TenancyAdvice(
        TaskKind.end_tenancy_safely,
        round(weeks, 1),
        f"away {weeks:.1f} weeks (more than {limit}): end the tenancy safely to avoid arrears",
    )
