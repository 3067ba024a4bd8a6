"""Sign-in throttling: after too many wrong passwords a username is locked for a while.

Counted in this server process (the embedded mode is one process; behind several API nodes the
lock-out is per node, which still bounds guessing to a small multiple of the policy).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from datetime import datetime, timedelta

from resettlement import clock
from resettlement.policy import SignInPolicy


class SignInThrottle:
    def __init__(self) -> None:
        self._failures: dict[str, list[datetime]] = defaultdict(list)
        self._lock = threading.Lock()

    def _recent(self, username: str, rules: SignInPolicy) -> list[datetime]:
        since = clock.now() - timedelta(minutes=rules.lockout_minutes)
        kept = [at for at in self._failures.get(username, []) if at > since]
        self._failures[username] = kept
        return kept

    def locked(self, username: str, rules: SignInPolicy) -> bool:
        with self._lock:
            return len(self._recent(username, rules)) >= rules.max_failures

    def failed(self, username: str, rules: SignInPolicy) -> None:
        with self._lock:
            self._recent(username, rules).append(clock.now())

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(username, None)


throttle = SignInThrottle()
