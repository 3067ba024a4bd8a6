"""Finding a case in the caller's scope; what every write to a case does first: find it in
scope, check the caller may do this (access/permissions.py), lock it, audit it.

Outside the caller's scope the case does not exist (404; the refused read is audited); a caller
who may not do the action is refused (403). The case row is then locked for the rest of the
transaction (SELECT ... FOR UPDATE on PostgreSQL; SQLite writers already queue at BEGIN
IMMEDIATE), so two people signing a plan or recording an assessment at once are applied one
after the other, never interleaved; and the write is written to the audit trail in the same
transaction.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from resettlement.access.audit import record_refused, record_write
from resettlement.access.permissions import require
from resettlement.access.scope import case_scope
from resettlement.access.users import Principal
from resettlement.errors import Conflict, NotFound
from resettlement.storage.tables import Case
from resettlement.vocabulary import CUSTODY_STAGES, Action, PlanParty, Stage, Team


def case_for_write(
    session: Session,
    principal: Principal,
    case_id: str,
    action: Action,
    *,
    party: PlanParty | None = None,
    task_team: Team | None = None,
) -> Case:
    """The case in the caller's scope (else 404), if they may do `action` (else 403), locked,
    its write audited."""
    case = get_case(session, principal, case_id, action=action.value)
    require(principal, action, party=party, task_team=task_team)
    session.refresh(case, with_for_update=True)
    record_write(session, principal, case.id, action.value)
    return case


def require_custody(case: Case, action: str) -> None:
    """Refuse (409) work that belongs to the custody part of the path once the case has left it."""
    if Stage(case.stage) not in CUSTODY_STAGES:
        raise Conflict(f"cannot {action}: the case is at stage '{case.stage}', not in custody")


def flush_or_conflict(session: Session, message: str) -> None:
    """Write now, so that a unique key broken by a concurrent request is a 409, not a 500."""
    try:
        session.flush()
    except IntegrityError:
        raise Conflict(message) from None


def get_case(session: Session, principal: Principal, case_id: str, *, action: str = "read") -> Case:
    """The case if it exists within the caller's scope; NotFound otherwise (never reveal it).

    A case that exists out of scope is a refused read, and audited as one.
    """
    query = select(Case).where(col(Case.id) == case_id, case_scope(principal))
    case = session.execute(query).scalars().first()
    if case is None:
        refuse(session, principal, case_id, action)
        raise NotFound(f"no case {case_id}")
    return case


def refuse(session: Session, principal: Principal, case_id: str, action: str) -> None:
    """Audit a refused read of `case_id` if such a case exists (out of the caller's scope)."""
    if (
        len(case_id) <= 36
        and session.execute(select(exists().where(col(Case.id) == case_id))).scalar()
    ):
        record_refused(principal, case_id, action)
