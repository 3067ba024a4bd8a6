"""Finding a case in the caller's scope; what every write to a case does first: find it in
scope, check the role, lock it.

Outside the caller's scope the case does not exist (404); a role that may not write at all is
refused (403). The case row is then locked for the rest of the transaction (SELECT ... FOR
UPDATE on PostgreSQL; SQLite writers already queue at BEGIN IMMEDIATE), so two people signing a
plan or recording an assessment at once are applied one after the other, never interleaved.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from resettlement.access.scope import case_scope, require_role
from resettlement.access.users import Principal
from resettlement.errors import Conflict, NotFound
from resettlement.storage.tables import Case
from resettlement.vocabulary import CUSTODY_STAGES, Role, Stage


def case_for_write(session: Session, principal: Principal, case_id: str, *roles: Role) -> Case:
    """The case in the caller's scope (else 404), if their role may write (else 403), locked."""
    case = get_case(session, principal, case_id)
    require_role(principal, *roles)
    session.refresh(case, with_for_update=True)
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


def get_case(session: Session, principal: Principal, case_id: str) -> Case:
    """The case if it exists within the caller's scope; NotFound otherwise (never reveal it)."""
    query = select(Case).where(col(Case.id) == case_id, case_scope(principal))
    case = session.execute(query).scalars().first()
    if case is None:
        raise NotFound(f"no case {case_id}")
    return case
