"""Waking the background runner of the pipes right after a commit that gave it work: a release
that opened a handover, an HMPPS event stored, a referral to send, a message to send.

Listeners are told after the session's transaction has committed (never if it rolls back), once
per transaction however many things in it asked. A listener's failure is logged, never raised:
the work is in the database, and the next run (or the daily run) does it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import event as sa_event
from sqlmodel import Session

log = logging.getLogger(__name__)
_listeners: list[Callable[[], None]] = []
_ASKED = "pipes.wake"


def when_pipes_have_work(listener: Callable[[], None]) -> Callable[[], None]:
    """Call `listener` after every commit that gave the pipes work; returns an undo."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def wake_after_commit(session: Session) -> None:
    """Tell the listeners once this session's transaction has committed."""
    if not _listeners or session.info.get(_ASKED):
        return
    session.info[_ASKED] = True
    sa_event.listen(session, "after_commit", _after_commit, once=True)
    sa_event.listen(session, "after_rollback", _forget, once=True)


def _forget(session: Session) -> None:
    session.info.pop(_ASKED, None)


def _after_commit(session: Session) -> None:
    session.info.pop(_ASKED, None)
    for listener in list(_listeners):
        try:
            listener()
        except Exception:  # a listener's failure must never undo or fail a committed change
            log.exception("a pipes listener failed")
