"""Request dependencies: a database session per request and the authenticated caller.

`Caller` is anyone who may read (every role but the feed, which gets 403); `EventPoster` the
feed or an admin (POST /events, POST /hmpps-events); `caller_may(action)` a caller who may do
that write at all (access/permissions.py; the command checks the case-specific part).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from resettlement import clock
from resettlement.access.permissions import EVENT_POSTERS, may
from resettlement.access.users import Principal, by_token
from resettlement.policy import Policy, Reference, get_policy, get_reference
from resettlement.storage.db import session_scope
from resettlement.vocabulary import Action, Role

_bearer = HTTPBearer(auto_error=False, description="API token from `resettle users add`")


def db_write() -> Iterator[Session]:
    with session_scope() as session:
        yield session


def db_read() -> Iterator[Session]:
    with session_scope(write=False) as session:
        yield session


def token_principal(token: str) -> Principal | None:
    """The caller an API token names, while it is valid (read once per request)."""
    with session_scope(write=False) as session:
        days = get_policy().api_tokens.valid_days
        return by_token(session, token, now=clock.now(), valid_days=days)


def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller from `Authorization: Bearer TOKEN` (or a signed-in web session); else 401."""
    principal: Principal | None = getattr(request.state, "principal", None)
    if principal is None and credentials is not None:
        principal = token_principal(credentials.credentials)
    if principal is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="missing, invalid or expired API token"
            if credentials
            else "authentication required",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return principal


Authenticated = Annotated[Principal, Depends(current_principal)]


def _forbidden(message: str) -> HTTPException:
    return HTTPException(status.HTTP_403_FORBIDDEN, detail=message)


def reader(caller: Authenticated) -> Principal:
    """Anyone but the feed, which posts events and reads nothing."""
    if caller.role == Role.feed:
        raise _forbidden("the feed may only post prison events")
    return caller


def event_poster(caller: Authenticated) -> Principal:
    if caller.role not in EVENT_POSTERS:
        raise _forbidden(f"a {caller.role.value} may not post prison events (feed, admin)")
    return caller


Caller = Annotated[Principal, Depends(reader)]
EventPoster = Annotated[Principal, Depends(event_poster)]
# scope="function": the transaction commits before the response is sent (read-your-writes).
WriteDB = Annotated[Session, Depends(db_write, scope="function")]
ReadDB = Annotated[Session, Depends(db_read, scope="function")]
PolicyDep = Annotated[Policy, Depends(get_policy)]
ReferenceDep = Annotated[Reference, Depends(get_reference)]


def caller_may(action: Action) -> Any:
    """A dependency: the caller, refused with 403 unless they may ever do `action`."""

    def dependency(caller: Caller) -> Principal:
        if not may(caller, action):
            raise _forbidden(f"a {caller.role.value} may not do this ({action.value})")
        return caller

    return Depends(dependency)


def admin_only(caller: Caller) -> Principal:
    if caller.role != Role.admin:
        raise _forbidden("admins only")
    return caller


Admin = Annotated[Principal, Depends(admin_only)]
