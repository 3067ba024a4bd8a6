"""One run over a pipe: each waiting row claimed in turn (one that another run has is passed
over), handled, its outcome counted; at the first sign that the other system is not answering
(`WAITING`) the run stops and the rest wait for the next run. And the run's client of that
system, made when first needed (a run with nothing to send makes none) and closed at the end.

Shared by the handover delivery, the GOV.UK Notify outbox and the HMPPS event inbox.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from types import TracebackType
from typing import Generic, Protocol, TypeVar

WAITING = "waiting"
K = TypeVar("K")
C = TypeVar("C")


class Closable(Protocol):
    def close(self) -> None: ...


T = TypeVar("T", bound=Closable)


def work_through(
    ids: Iterable[K], claim: Callable[[K], C | None], handle: Callable[[C], str]
) -> Counter[str]:
    """Claim and handle each row in turn; how many ended in each state."""
    done: Counter[str] = Counter()
    for key in ids:
        claimed = claim(key)
        if claimed is None:
            continue
        state = handle(claimed)
        done[state] += 1
        if state == WAITING:
            break
    return done


def summary(done: Counter[str]) -> str:
    """`3 sent, 1 waiting` (or `nothing`), for the run's log line."""
    return ", ".join(f"{n} {state}" for state, n in sorted(done.items())) or "nothing"


class Lazy(Generic[T]):
    """A run's client: made by `factory` when first asked for (it may give none), closed once
    the run is over (`with Lazy(factory) as client: ... client.get()`)."""

    def __init__(self, factory: Callable[[], T | None]) -> None:
        self._factory = factory
        self._made = False
        self._client: T | None = None

    def get(self) -> T | None:
        if not self._made:
            self._client, self._made = self._factory(), True
        return self._client

    def __enter__(self) -> Lazy[T]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._client is not None:
            self._client.close()
