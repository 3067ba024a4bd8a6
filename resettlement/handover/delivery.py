"""The outbox to CJIT case systems: every handover delivered once, failures retried later.

A delivery run claims each pending or failed handover with a conditional UPDATE (two runs never
send the same one at once; a claim left by a crashed run goes stale after `claim_lease`), POSTs
it with its id as the Idempotency-Key, retries retryable failures with exponential backoff up to
`policy.handover.delivery_max_attempts` (the one retry layer), and commits the outcome of each
handover on its own: `delivered` (never sent again) or `failed` (attempts and last error kept;
the next run tries again). Handovers whose case was recalled or withdrawn first are cancelled.
Log lines and stored errors name the handover, the area and the failure, never the packet.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from integrations.cjit import CjitClient, CjitError, HttpCjitClient
from resettlement.handover import outbox
from resettlement.pipes import claims
from resettlement.pipes.runs import Lazy, summary, work_through
from resettlement.policy import HandoverPolicy, Policy
from resettlement.sweeps import SweepResult

log = logging.getLogger(__name__)
ClientFactory = Callable[[HandoverPolicy], CjitClient]


def http_client(rules: HandoverPolicy) -> CjitClient:
    return HttpCjitClient(
        connect_timeout=rules.delivery_connect_timeout_s,
        read_timeout=rules.delivery_read_timeout_s,
    )


def backoff_s(rules: HandoverPolicy, attempt: int) -> float:
    """The pause after failed attempt N: the configured backoff, doubled each time."""
    return claims.backoff_s(rules.delivery_backoff_s, attempt)


def claim_lease(rules: HandoverPolicy) -> timedelta:
    """Twice the longest one handover can take in a run; an older claim is abandoned."""
    return claims.lease_for(
        per_try_s=rules.delivery_connect_timeout_s + rules.delivery_read_timeout_s,
        tries=rules.delivery_max_attempts,
        pauses_s=sum(backoff_s(rules, n) for n in range(1, rules.delivery_max_attempts)),
    )


@dataclass(frozen=True)
class Outcome:
    attempts: int
    reference: str | None = None
    error: str | None = None


def describe(exc: Exception) -> str:
    """A failure as stored and logged: the error kind and its own message, nothing sent."""
    return claims.describe(exc, CjitError, "CJIT")


def send_with_retries(
    client: CjitClient,
    base_url: str,
    *,
    handover_id: str,
    area: str | None,
    packet: Mapping[str, Any],
    rules: HandoverPolicy,
    sleep: Callable[[float], None],
) -> Outcome:
    """Try up to the configured attempts; stop early on success or a refusal."""
    error = "not attempted"
    for attempt in range(1, rules.delivery_max_attempts + 1):
        try:
            reference = client.send_handover(base_url, handover_id=handover_id, packet=packet)
            return Outcome(attempts=attempt, reference=reference)
        except Exception as exc:  # a client bug must not leave the handover claimed
            error = describe(exc)
            log.warning(
                "handover %s to area %s: attempt %d of %d failed: %s",
                handover_id,
                area,
                attempt,
                rules.delivery_max_attempts,
                error,
            )
            if not (isinstance(exc, CjitError) and exc.retryable):
                return Outcome(attempts=attempt, error=error)
            if attempt < rules.delivery_max_attempts:
                sleep(backoff_s(rules, attempt))
    return Outcome(attempts=rules.delivery_max_attempts, error=error)


def deliver_pending(
    engine: Engine,
    *,
    now: datetime,
    policy: Policy,
    client_factory: ClientFactory = http_client,
    sleep: Callable[[float], None] = time.sleep,
    region: str | None = None,
) -> SweepResult:
    """One delivery run over the outbox (of `region`'s cases only, when given); each
    handover's outcome is committed on its own."""
    rules = policy.handover
    lease = claim_lease(rules)
    cancelled = outbox.cancel_moved_on(engine, region)
    ids = outbox.waiting(engine, now, lease, region)
    with Lazy(lambda: client_factory(rules)) as client:
        done = work_through(
            ids,
            lambda handover_id: outbox.claim(engine, handover_id, now, lease),
            lambda claimed: _deliver(engine, claimed, client, now=now, rules=rules, sleep=sleep),
        )
    log.info("delivery run: %s, %d cancelled", summary(done), cancelled)
    return SweepResult("handover_delivery", changed=done["delivered"] + done["failed"] + cancelled)


def _deliver(
    engine: Engine,
    claimed: outbox.Claim,
    client: Lazy[CjitClient],
    *,
    now: datetime,
    rules: HandoverPolicy,
    sleep: Callable[[float], None],
) -> str:
    """One claimed handover: to the area's inbox (no case system), or sent with retries."""
    if not claimed.url:
        outbox.to_inbox(engine, claimed.handover_id, now)
        return "inbox_only"
    cjit = client.get()
    assert cjit is not None
    outcome = send_with_retries(
        cjit,
        claimed.url,
        handover_id=claimed.handover_id,
        area=claimed.area,
        packet=claimed.packet,
        rules=rules,
        sleep=sleep,
    )
    outbox.finish(
        engine,
        claimed,
        now,
        attempts=outcome.attempts,
        reference=outcome.reference,
        error=outcome.error,
    )
    if outcome.reference is None:
        return "failed"
    log.info(
        "handover %s delivered to area %s after %d attempt(s)",
        claimed.handover_id,
        claimed.area,
        outcome.attempts,
    )
    return "delivered"
