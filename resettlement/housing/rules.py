"""The release-night arrangement and the "housing resolved" rule (DESIGN.md §2).

Housing is resolved when a release-night arrangement is confirmed with an address, a provider
or landlord, and a start date on or before the release date.
"""

from __future__ import annotations

from datetime import date

from resettlement.storage.tables import Case
from resettlement.vocabulary import HousingStatus

# A confirmed arrangement is somewhere to live: these statuses say there is none.
NOT_AN_ARRANGEMENT = frozenset(
    {HousingStatus.nfa, HousingStatus.rough_sleeping, HousingStatus.unknown}
)


def arrangement_problems(
    *,
    housing_status: HousingStatus,
    confirmed: bool,
    address: str | None,
    provider: str | None,
    start_date: date | None,
) -> list[tuple[str, str]]:
    """What a confirmed arrangement lacks, as (field, message) pairs; empty when it is fine."""
    if not confirmed:
        return []
    problems = [
        (name, "is required when the arrangement is confirmed")
        for name, value in (
            ("address", address),
            ("provider", provider),
            ("start_date", start_date),
        )
        if not value
    ]
    if housing_status in NOT_AN_ARRANGEMENT:
        problems.append(
            ("housing_status", f"a confirmed arrangement cannot be '{housing_status.value}'")
        )
    return problems


def ready_from(
    *, confirmed: bool, address: str | None, provider: str | None, start_date: date | None
) -> date | None:
    """The day a confirmed arrangement with address and provider starts; None otherwise."""
    if confirmed and address and provider and start_date:
        return start_date
    return None


def is_housing_resolved(case: Case) -> bool:
    """The arrangement is confirmed and starts on or before the release date."""
    return (
        case.housing_ready_from is not None
        and case.release_date is not None
        and case.housing_ready_from <= case.release_date
    )
