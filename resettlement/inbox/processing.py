"""Processing the inbox: each pending message, in order per person, completed from the
Prisoner Search API where it must be, mapped to prison events (inbox/rules.py) and applied
through the intake, as POST /events applies them.

A message's events and its new state are written in one transaction, only while the run's
claim on it holds: a message is applied once, however many runs and workers there are. When the
search API (or HMPPS Auth) is down, slow or failing, the message goes back to pending with a
backoff (nothing lost) and the run stops asking: the messages after it wait for the next run.
A message the intake refuses (e.g. a release for a case already released) is `failed` with the
reason, for an admin to look at; it does not hold back the person's later messages.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import Engine, select
from sqlmodel import Session, col

from integrations.hmpps import HmppsError, Prisoner
from resettlement.cases.stages import IllegalTransition
from resettlement.errors import Conflict, InvalidInput
from resettlement.inbox import queue
from resettlement.inbox.clients import PrisonerSearch, SearchFactory, SearchNotConfigured
from resettlement.inbox.clients import search_client as default_search
from resettlement.inbox.rules import Events, Ignored, Latest, needs_prisoner, plan
from resettlement.pipes.claims import describe
from resettlement.pipes.runs import WAITING, Lazy, summary, work_through
from resettlement.policy import Policy, Reference
from resettlement.reception.events import parse_event
from resettlement.reception.intake import Intake
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Case
from resettlement.sweeps import SweepResult
from resettlement.vocabulary import InboxStatus, Stage

log = logging.getLogger(__name__)
ACTOR = "hmpps-events"
REFUSED = (InvalidInput, Conflict, IllegalTransition)


class _ClaimLost(Exception):
    """Another run took the message over: this run's writes are rolled back."""


class _Changed(Exception):
    """The person's case changed while the search API was asked: the message is tried again."""


def latest_case(session: Session, noms_number: str) -> Latest | None:
    """The person's latest case (the one the intake acts on)."""
    row = session.execute(
        select(col(Case.id), col(Case.stage), col(Case.prison))
        .where(col(Case.prison_number) == noms_number)
        .order_by(col(Case.created_at).desc(), col(Case.episode).desc())
        .limit(1)
    ).first()
    return None if row is None else Latest(row[0], Stage(row[1]), row[2])


def process_inbox(
    engine: Engine,
    *,
    now: datetime,
    policy: Policy,
    reference: Reference,
    search_factory: SearchFactory = default_search,
    region: str | None = None,
) -> SweepResult:
    """One run over the pending messages (of `region`'s prisons only, when given)."""
    rules = policy.hmpps_events
    lease = queue.inbox_lease(rules)
    with Lazy(lambda: search_factory(rules)) as search:
        done = work_through(
            queue.due(engine, now, lease, region),
            lambda seq: queue.claim(engine, seq, now, lease),
            lambda claimed: _process(engine, claimed, search, policy=policy, reference=reference),
        )
    log.info("inbox run: %s", summary(done))
    return SweepResult("hmpps_inbox", changed=sum(done.values()))


def _process(
    engine: Engine,
    claimed: queue.Claimed,
    search: Lazy[PrisonerSearch],
    *,
    policy: Policy,
    reference: Reference,
) -> str:
    message, rules = claimed.message, policy.hmpps_events
    with session_scope(engine, write=False) as session:
        latest = latest_case(session, message.noms_number)
    prisoner = None
    if needs_prisoner(message.movement, latest):
        try:
            prisoner = _get_prisoner(search, message.noms_number)
        except SearchNotConfigured as exc:
            return _wait(engine, claimed, str(exc), None, policy)
        except HmppsError as exc:
            if exc.retryable:
                wait = getattr(exc, "retry_after", None)
                return _wait(engine, claimed, describe(exc, HmppsError, "HMPPS"), wait, policy)
            queue.fail(engine, claimed, error=describe(exc, HmppsError, "HMPPS"))
            return "failed"
    try:
        return _apply(engine, claimed, prisoner, policy=policy, reference=reference)
    except REFUSED as exc:
        queue.fail(engine, claimed, error=f"refused by the intake: {exc}")
        return "failed"
    except _Changed:
        queue.wait(engine, claimed, error=str(_Changed.__doc__), retry_after=None, rules=rules)
        return "again"
    except _ClaimLost:
        return "lost"


def _get_prisoner(search: Lazy[PrisonerSearch], noms_number: str) -> Prisoner:
    client = search.get()
    assert client is not None
    return client.get_prisoner(noms_number)


def _wait(
    engine: Engine, claimed: queue.Claimed, error: str, retry_after: float | None, policy: Policy
) -> str:
    log.warning("inbox message %s waits: %s", claimed.seq, error)
    queue.wait(engine, claimed, error=error, retry_after=retry_after, rules=policy.hmpps_events)
    return WAITING


def _apply(
    engine: Engine,
    claimed: queue.Claimed,
    prisoner: Prisoner | None,
    *,
    policy: Policy,
    reference: Reference,
) -> str:
    """The message's events and its new state, in one transaction."""
    message = claimed.message
    with session_scope(engine) as session:
        latest = latest_case(session, message.noms_number)
        if prisoner is None and needs_prisoner(message.movement, latest):
            raise _Changed()
        decision = plan(message, latest, prisoner)
        if isinstance(decision, Ignored):
            case_id = latest.case_id if latest else None
            _settle(session, claimed, InboxStatus.ignored, decision.reason, case_id)
            return "ignored"
        case_id = _intake(session, decision, policy=policy, reference=reference)
        _settle(session, claimed, InboxStatus.processed, decision.summary, case_id)
        return "processed"


def _intake(session: Session, decision: Events, *, policy: Policy, reference: Reference) -> str:
    intake = Intake(session, actor=ACTOR, policy=policy, reference=reference)
    case_id = ""
    for raw in decision.events:
        outcome = intake.apply(parse_event(raw))
        case_id = outcome.case_id or case_id
    intake.flush()
    return case_id


def _settle(
    session: Session,
    claimed: queue.Claimed,
    status: InboxStatus,
    outcome: str,
    case_id: str | None,
) -> None:
    if not queue.settle(session, claimed, status, outcome=outcome[:500], case_id=case_id):
        raise _ClaimLost()
