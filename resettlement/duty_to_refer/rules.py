"""The duty to refer: a referral to the local housing authority, its outcome, and the chase.

A referral with no outcome `duty_to_refer_chase_days` after it was made is chased.
"""

from __future__ import annotations

from datetime import date, timedelta

from resettlement.policy import HousingPolicy


def chase_on(referred_on: date, policy: HousingPolicy) -> date:
    """The day a referral still without an outcome is chased."""
    return referred_on + timedelta(days=policy.duty_to_refer_chase_days)


def needs_chase(
    *, referred_on: date, outcome: str | None, today: date, policy: HousingPolicy
) -> bool:
    """No outcome yet and the chase day has come."""
    return outcome is None and chase_on(referred_on, policy) <= today
