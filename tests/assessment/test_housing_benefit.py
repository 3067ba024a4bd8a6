"""The housing-benefit rule (pure): away 13 weeks or less, remand counted, protects a tenancy."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from resettlement.assessment.housing_benefit import Tenancy, tenancy_advice, weeks_away
from resettlement.policy import get_policy
from resettlement.vocabulary import LandlordType, TaskKind

HOUSING = get_policy().housing
RECEIVED = date(2026, 11, 24)


def _tenancy(custody_start: date | None = None) -> Tenancy:
    return Tenancy(LandlordType.social, Decimal("95.50"), Decimal(0), True, custody_start)


def _advice(release: date | None, tenancy: Tenancy | None = None, policy=HOUSING):
    return tenancy_advice(
        tenancy or _tenancy(), reception_date=RECEIVED, release_date=release, policy=policy
    )


def test_exactly_thirteen_weeks_away_protects_the_tenancy():
    advice = _advice(RECEIVED + timedelta(weeks=13))
    assert advice.action == TaskKind.protect_tenancy and advice.weeks_away == 13.0


def test_one_day_over_thirteen_weeks_ends_the_tenancy_safely():
    advice = _advice(RECEIVED + timedelta(weeks=13, days=1))
    assert advice.action == TaskKind.end_tenancy_safely
    assert "avoid arrears" in advice.reason


def test_time_on_remand_counts_towards_the_weeks_away():
    release = RECEIVED + timedelta(weeks=10)
    remanded = _tenancy(custody_start=RECEIVED - timedelta(weeks=5))
    assert _advice(release).action == TaskKind.protect_tenancy
    assert _advice(release, remanded).action == TaskKind.end_tenancy_safely


def test_without_a_release_date_neither_task_is_advised_and_the_reason_says_so():
    advice = _advice(None)
    assert advice.action is None and "no release date" in advice.reason


def test_without_a_tenancy_there_is_nothing_to_advise():
    advice = tenancy_advice(None, reception_date=RECEIVED, release_date=RECEIVED, policy=HOUSING)
    assert advice.action is None and advice.weeks_away is None


def test_the_threshold_comes_from_policy():
    stricter = HOUSING.model_copy(update={"housing_benefit_max_weeks": 8})
    advice = _advice(RECEIVED + timedelta(weeks=10), policy=stricter)
    assert advice.action == TaskKind.end_tenancy_safely


@given(st.integers(min_value=0, max_value=3000), st.integers(min_value=0, max_value=400))
def test_protect_exactly_when_the_days_away_fit_in_the_weeks_allowed(days_inside, remand_days):
    start = RECEIVED - timedelta(days=remand_days)
    release = start + timedelta(days=days_inside)
    advice = _advice(release, _tenancy(custody_start=start))
    protect = days_inside <= 7 * HOUSING.housing_benefit_max_weeks
    assert advice.action == (TaskKind.protect_tenancy if protect else TaskKind.end_tenancy_safely)
    assert weeks_away(start, release) == days_inside / 7
