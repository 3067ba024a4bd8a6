"""The daily re-read: people releasing within the plan horizon are read again from the
Prisoner Search API, since a new release-date calculation publishes only a thin "changed" event.

A release date, its type or the licence that differs from the case's is applied through the
intake as a `release_date_set` event (one per case per day: its id names the case, the custody
episode and the day, so a second run of the day applies nothing twice). Without the search API
configured the step does nothing; when the API stops answering, the step applies what it found,
then fails naming the error (tomorrow's run reads everyone again).
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, select
from sqlmodel import col

from integrations.hmpps import HmppsError, Prisoner
from resettlement import clock
from resettlement.cases.partition import region_clause
from resettlement.inbox.clients import SearchFactory, SearchNotConfigured
from resettlement.inbox.clients import search_client as default_search
from resettlement.inbox.processing import ACTOR, REFUSED
from resettlement.inbox.rules import release_fields
from resettlement.pipes.claims import describe
from resettlement.policy import Policy, Reference
from resettlement.reception.events import parse_event
from resettlement.reception.intake import Intake
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Case
from resettlement.sweeps import SweepResult
from resettlement.vocabulary import CUSTODY_STAGES

log = logging.getLogger(__name__)
NAME = "release_date_refresh"


class RefreshIncomplete(Exception):
    """The search API stopped answering part-way: the changes found so far were applied."""


def due_for_refresh(engine: Engine, today: date, days: int, region: str | None) -> list[Any]:
    """Custody cases whose release date falls within `days` from today, soonest first."""
    with session_scope(engine, write=False) as session:
        return list(
            session.execute(
                select(Case)
                .where(
                    col(Case.stage).in_([s.value for s in CUSTODY_STAGES]),
                    col(Case.release_date) >= today,
                    col(Case.release_date) <= today + timedelta(days=days),
                    region_clause(region),
                )
                .order_by(col(Case.release_date), col(Case.id))
            ).scalars()
        )


def change_for(case: Case, prisoner: Prisoner, today: date) -> dict[str, Any] | None:
    """The release_date_set event bringing the case in line with the search API, or None."""
    fields = release_fields(prisoner, not_before=case.reception_date)
    if not fields:
        return None
    differs = (
        fields["release_date"] != (case.release_date.isoformat() if case.release_date else None)
        or fields.get("release_date_type", case.release_date_type) != case.release_date_type
        or fields.get("on_licence", case.on_licence) != case.on_licence
    )
    if not differs:
        return None
    return {
        "event_id": f"prisoner-search:{case.id}:{case.episode}:{today.isoformat()}",
        "type": "release_date_set",
        "occurred_at": clock.now().isoformat(),
        "prison_number": case.prison_number,
        "prison": case.prison,
        **fields,
    }


def refresh_release_dates(
    engine: Engine,
    *,
    today: date,
    policy: Policy,
    reference: Reference,
    search_factory: SearchFactory = default_search,
    region: str | None = None,
) -> SweepResult:
    """Re-read the people releasing within the plan horizon (of `region`, when given)."""
    cases = due_for_refresh(engine, today, policy.release_plan.opens_days_before_release, region)
    if not cases:
        return SweepResult(NAME)
    try:
        search = search_factory(policy.hmpps_events)
    except SearchNotConfigured as exc:
        log.info("release-date refresh skipped: %s", exc)
        return SweepResult(NAME)
    changed, stopped = 0, None
    try:
        for case in cases:
            try:
                prisoner = search.get_prisoner(case.prison_number)
            except HmppsError as exc:
                if exc.retryable:
                    stopped = describe(exc, HmppsError, "HMPPS")
                    break
                continue  # not found or refused: this person is left as they are
            event = change_for(case, prisoner, today)
            if event is not None and _apply(engine, event, policy, reference):
                changed += 1
    finally:
        search.close()
    if stopped is not None:
        raise RefreshIncomplete(f"{changed} release date(s) changed, then stopped: {stopped}")
    return SweepResult(NAME, changed=changed)


def _apply(engine: Engine, event: dict[str, Any], policy: Policy, reference: Reference) -> bool:
    try:
        with session_scope(engine) as session:
            intake = Intake(session, actor=ACTOR, policy=policy, reference=reference)
            outcome = intake.apply(parse_event(event))
            intake.flush()
    except REFUSED as exc:
        log.warning("release-date refresh of %s refused: %s", event["event_id"], exc)
        return False
    return outcome.status == "accepted"
