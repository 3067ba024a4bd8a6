"""Release dates re-read: people releasing within the plan horizon are read again from the
Prisoner Search API, and a changed date is applied (HMPPS publishes only a thin "changed" event
when a release date is recalculated). Daily, after the inbox and before the sweeps, so the day's
deadlines are planned on the new dates."""

from __future__ import annotations

from datetime import date

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from resettlement import clock
from resettlement.inbox.refresh import refresh_release_dates
from resettlement.policy import get_policy, get_reference
from resettlement.storage.db import get_engine
from resettlement.sweeps import SweepResult


@task(name="refresh-release-dates", cache_policy=NO_CACHE)
def refresh(as_of: date, region: str | None = None) -> SweepResult:
    return refresh_release_dates(
        get_engine(), today=as_of, policy=get_policy(), reference=get_reference(), region=region
    )


@flow(name="release-date-refresh")
def release_date_refresh(as_of: date | None = None, region: str | None = None) -> list[SweepResult]:
    """Re-read the custody cases releasing within the plan horizon (of `region`, when given)."""
    return [refresh(as_of or clock.today(), region)]
