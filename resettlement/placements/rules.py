"""The placement's moves, the chase of a provider's answer, and what confirming sets.

Status moves `requested → offered → confirmed → ended`; `requested` or `offered` → `declined`;
any other move is refused (409). A request still `requested` at the end of the
`placements.reply_working_days`-th working day after the day it was made (weekends and England
and Wales bank holidays skipped) is chased: `sql.requests_to_chase` is the SQL twin of
`reply_overdue` (tests/placements/test_sql_twin.py holds them equal).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from resettlement.clock import LONDON
from resettlement.policy import PlacementPolicy
from resettlement.vocabulary import HousingStatus, PlacementStatus, ServiceKind
from resettlement.working_days import add_working_days

MOVES: dict[PlacementStatus, frozenset[PlacementStatus]] = {
    PlacementStatus.requested: frozenset({PlacementStatus.offered, PlacementStatus.declined}),
    PlacementStatus.offered: frozenset({PlacementStatus.confirmed, PlacementStatus.declined}),
    PlacementStatus.confirmed: frozenset({PlacementStatus.ended}),
}
# The housing status a confirmed place at each kind of service gives the release night.
HOUSING_BY_KIND: dict[ServiceKind, HousingStatus] = {
    ServiceKind.approved_premises: HousingStatus.approved_premises,
    ServiceKind.supported_housing: HousingStatus.supported_housing,
    ServiceKind.hostel: HousingStatus.temporary,
    ServiceKind.temporary: HousingStatus.temporary,
    ServiceKind.private_rented: HousingStatus.settled,
    ServiceKind.social_housing: HousingStatus.settled,
}


def may_move(current: PlacementStatus, to: PlacementStatus) -> bool:
    return to in MOVES.get(current, frozenset())


def reply_due(requested_at: datetime, policy: PlacementPolicy) -> date:
    """The last day the provider has to answer: N working days after the day of the request."""
    return add_working_days(requested_at.astimezone(LONDON).date(), policy.reply_working_days)


def reply_overdue(
    *, status: PlacementStatus, requested_at: datetime, today: date, policy: PlacementPolicy
) -> bool:
    """Still requested, and its reply day has ended."""
    return status == PlacementStatus.requested and reply_due(requested_at, policy) < today


def last_overdue_request_day(today: date, policy: PlacementPolicy) -> date:
    """The latest day a request may have been made on and be overdue `today` (a request made
    on a later day is not yet): `reply_due` never falls as the request day rises."""
    day = today - timedelta(days=1)
    while add_working_days(day, policy.reply_working_days) >= today:
        day -= timedelta(days=1)
    return day
