"""The duty to refer: a referral to the local housing authority, its outcome, and the chase.

A referral with no outcome `duty_to_refer_chase_days` after it was made is chased, while it is
the current custody episode's referral of a case still on the path. `sql.referrals_to_chase` is
the SQL twin of `needs_chase` (tests/duty_to_refer/test_sql_twin.py holds them equal).
"""

from __future__ import annotations

from datetime import date, timedelta

from resettlement.policy import HousingPolicy
from resettlement.vocabulary import FINAL_STAGES, Stage


def chase_on(referred_on: date, policy: HousingPolicy) -> date:
    """The day a referral still without an outcome is chased."""
    return referred_on + timedelta(days=policy.duty_to_refer_chase_days)


def needs_chase(
    *,
    referred_on: date,
    outcome: str | None,
    current: bool,
    stage: Stage,
    today: date,
    policy: HousingPolicy,
) -> bool:
    """No outcome yet, the chase day has come, and it is the current episode's referral of a
    case not closed or withdrawn."""
    return (
        outcome is None
        and current
        and stage not in FINAL_STAGES
        and chase_on(referred_on, policy) <= today
    )
