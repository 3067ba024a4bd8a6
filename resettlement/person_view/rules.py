"""Rules of the person's one-time link (pure): who may make one, whether it still works, when
wrong dates of birth end it.

Made by prison staff of any team, by the CJIT worker of the case's area once the person is
released, or by an admin; never for a closed or withdrawn case. A link works for one sign-in
(the right date of birth), and not after `person_link.expires_after_days`; the
`person_link.max_wrong_dates_of_birth`-th wrong date of birth ends it; a newer link for the case
ends it too.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from resettlement.policy import PersonLinkPolicy
from resettlement.vocabulary import COMMUNITY_STAGES, FINAL_STAGES, Role, Stage


class LinkState(StrEnum):
    usable = "usable"
    expired = "expired"
    used = "used"  # its one sign-in has happened
    ended = "ended"  # too many wrong dates of birth, or replaced by a newer link


def issue_refusal(role: Role, stage: Stage) -> tuple[int, str] | None:
    """(HTTP status, why) a caller of `role` may not make a link for a case at `stage`; None
    when they may."""
    if stage in FINAL_STAGES:
        return 409, f"the case is {stage.value}: there is no plan to show"
    if role in (Role.admin, Role.prison_staff):
        return None
    if role == Role.cjit_worker:
        if stage in COMMUNITY_STAGES:
            return None
        return 403, "the CJIT makes the person's link once they are released"
    return 403, f"a {role.value} may not make a link for the person"


def link_state(
    *, expires_at: datetime, signed_in_at: datetime | None, ended_at: datetime | None, now: datetime
) -> LinkState:
    if signed_in_at is not None:
        return LinkState.used
    if ended_at is not None:
        return LinkState.ended
    return LinkState.usable if now < expires_at else LinkState.expired


def link_expires_at(now: datetime, policy: PersonLinkPolicy) -> datetime:
    return now + timedelta(days=policy.expires_after_days)


def attempts_left(wrong_so_far: int, policy: PersonLinkPolicy) -> int:
    """Wrong dates of birth still allowed before the link ends (0: it has ended)."""
    return max(0, policy.max_wrong_dates_of_birth - wrong_so_far)
