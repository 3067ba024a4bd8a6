"""Request dependencies: a database session per request and the authenticated caller."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from resettlement.access.scope import require_role
from resettlement.access.users import Principal, by_token
from resettlement.errors import Forbidden
from resettlement.policy import Policy, Reference, get_policy, get_reference
from resettlement.storage.db import session_scope
from resettlement.vocabulary import Role

_bearer = HTTPBearer(auto_error=False, description="API token from `resettle users add`")


def db_write() -> Iterator[Session]:
    with session_scope() as session:
        yield session


def db_read() -> Iterator[Session]:
    with session_scope(write=False) as session:
        yield session


def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller from `Authorization: Bearer TOKEN` (or a signed-in web session); else 401."""
    principal: Principal | None = getattr(request.state, "principal", None)
    if principal is None and credentials is not None:
        with session_scope(write=False) as session:
            principal = by_token(session, credentials.credentials)
    if principal is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="missing or invalid API token" if credentials else "authentication required",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return principal


Caller = Annotated[Principal, Depends(current_principal)]
# scope="function": the transaction commits before the response is sent (read-your-writes).
WriteDB = Annotated[Session, Depends(db_write, scope="function")]
ReadDB = Annotated[Session, Depends(db_read, scope="function")]
PolicyDep = Annotated[Policy, Depends(get_policy)]
ReferenceDep = Annotated[Reference, Depends(get_reference)]


def caller_with_role(*roles: Role) -> Any:
    """A dependency: the caller, refused with 403 unless their role is one of `roles`."""

    def dependency(caller: Caller) -> Principal:
        try:
            require_role(caller, *roles)
        except Forbidden as exc:
            raise HTTPException(status.HTTP_403_FORBIDDEN, detail=str(exc)) from None
        return caller

    return Depends(dependency)
