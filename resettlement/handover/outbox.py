"""The outbox rows of the handover delivery: waiting, claimed, finished, cancelled.

A run claims a handover with a lease (pipes/claims.py: pending or failed, or a claim gone
stale), so two runs never send the same one at once; it writes the outcome only while its claim
holds. Each function is its own transaction, committed before the next handover is tried.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, exists, or_, select, true, update
from sqlmodel import Session, col

from resettlement.access.visibility import redact_packet, view_for
from resettlement.cases.partition import region_clause
from resettlement.cases.timeline import record
from resettlement.pipes.claims import Lease
from resettlement.pipes.wake import wake_after_commit
from resettlement.storage.db import session_scope
from resettlement.storage.tables import Area, Case, Handover
from resettlement.vocabulary import DeliveryState, Role, Stage

CANCELLED_REASON = "not sent: the case was recalled or withdrawn before delivery"
WAITING = [DeliveryState.pending.value, DeliveryState.failed.value]
LEASE = Lease(
    table=Handover,
    key=col(Handover.id),
    state=col(Handover.delivery_state),
    claimed_at=col(Handover.delivery_claimed_at),
    waiting=tuple(WAITING),
    busy=DeliveryState.sending.value,
)


def cancel_moved_on(engine: Engine, region: str | None = None) -> int:
    """Handovers not yet sent whose case was recalled or withdrawn are cancelled (of the
    cases of `region` only, when given)."""
    moved_on = exists().where(
        col(Case.id) == col(Handover.case_id),
        or_(col(Case.episode) != col(Handover.episode), col(Case.stage) == Stage.withdrawn.value),
        region_clause(region),
    )
    with session_scope(engine) as session:
        result = session.execute(
            update(Handover)
            .where(
                col(Handover.delivery_state).in_(WAITING),
                moved_on,
            )
            .values(
                delivery_state=DeliveryState.cancelled.value, delivery_last_error=CANCELLED_REASON
            )
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


def waiting(
    engine: Engine, now: datetime, lease: timedelta, region: str | None = None
) -> list[str]:
    """The ids of the handovers a run should try, oldest release first (of `region`'s cases
    only, when given)."""
    of_region = exists().where(col(Case.id) == col(Handover.case_id), region_clause(region))
    order = (col(Handover.released_at), col(Handover.id))
    with session_scope(engine, write=False) as session:
        return LEASE.to_try(session, now, lease, true() if region is None else of_region, order)


@dataclass(frozen=True)
class Claim:
    handover_id: str
    case_id: str
    area: str | None
    url: str | None
    packet: dict[str, Any]


def claim(engine: Engine, handover_id: str, now: datetime, lease: timedelta) -> Claim | None:
    """Take one handover for this run; None if another run has it or it was delivered."""
    with session_scope(engine) as session:
        if not LEASE.take(session, handover_id, now, lease):
            return None
        case_id, area, url, packet, consent = session.execute(
            select(
                col(Handover.case_id),
                col(Handover.area),
                col(Area.cjit_system_url),
                col(Handover.packet),
                col(Case.consent_share_cjit),
            )
            .join(Case, col(Case.id) == col(Handover.case_id))
            .outerjoin(Area, col(Area.code) == col(Handover.area))
            .where(col(Handover.id) == handover_id)
        ).one()
        # Consent is checked again when sending: a consent withdrawn since release holds.
        return Claim(
            handover_id,
            case_id,
            area,
            url,
            redact_packet(packet, view_for(Role.cjit_worker, consent_share_cjit=bool(consent))),
        )


def finish(
    engine: Engine,
    claimed: Claim,
    now: datetime,
    *,
    attempts: int,
    reference: str | None,
    error: str | None,
) -> None:
    """Write the run's outcome, unless the claim went stale and another run took it over."""
    values: dict[str, Any] = {"delivery_attempts": col(Handover.delivery_attempts) + attempts}
    if reference is not None:
        values |= {
            "delivery_state": DeliveryState.delivered.value,
            "delivery_reference": reference,
            "delivery_last_error": None,
            "delivered_at": now,
            "sent_at": now,
        }
    else:
        values |= {
            "delivery_state": DeliveryState.failed.value,
            "delivery_last_error": error,
        }
    with session_scope(engine) as session:
        done = LEASE.settle(session, claimed.handover_id, now, **values)
        if done and reference is not None:
            record(
                session,
                case_id=claimed.case_id,
                kind="handover_delivered",
                actor="system",
                at=now,
                data={"reference": reference, "attempts": attempts},
            )


def to_inbox(engine: Engine, handover_id: str, now: datetime) -> None:
    """The area's case system was removed from the configuration: the inbox has it."""
    with session_scope(engine) as session:
        session.execute(
            update(Handover)
            .where(col(Handover.id) == handover_id)
            .values(
                delivery_state=DeliveryState.inbox_only.value,
                delivery_claimed_at=None,
                sent_at=now,
            )
            .execution_options(synchronize_session=False)
        )


def retry(session: Session, handover_id: str) -> None:
    """An admin's retry of a failed delivery: the next run (woken now) tries it."""
    LEASE.reopen(session, handover_id, "handover delivery", DeliveryState.failed.value)
    wake_after_commit(session)
