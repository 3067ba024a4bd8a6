"""Importing a JSON-lines file of prison events: per-line outcome, batched commits.

Bad lines are reported and skipped; good lines in a batch share one transaction. If a batch
fails to commit (e.g. the same event arrived through the API meanwhile), it is replayed one
event per transaction so that one line's problem never costs its neighbours.

A batch is `BATCH_SIZE` events by default: twice 1,000 made intake about a fifth faster on both
databases at 100k events (bench/HISTORY.md, 2026-12-04), and holds SQLite's write lock for
about a second, well inside the five seconds a request waits for it.

A first load (`initial_load`: the go-live's national file into a database no one uses yet)
sets the case indexes only readers use aside while it runs and builds them at its end
(storage/read_indexes.py), in batches of `INITIAL_LOAD_BATCH_SIZE`: fewer commits, each writing
pages many of its rows share.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from resettlement.cases.stages import IllegalTransition
from resettlement.errors import Conflict, InvalidInput
from resettlement.policy import Policy, Reference
from resettlement.reception.events import EventIn, parse_event
from resettlement.reception.intake import Intake, Outcome
from resettlement.storage import read_indexes
from resettlement.storage.db import checkpoint, session_scope
from resettlement.storage.statistics import analyse_grown

BATCH_SIZE = 2000
# A first load (`initial_load`) holds the write lock longer a batch: no one else is writing.
INITIAL_LOAD_BATCH_SIZE = 10_000

# The tables a batch grows (its side tables kept by triggers too), analysed as they grow.
GROWN = (
    "case",
    "task",
    "prison_event",
    "domain_event",
    "handover",
    "tenancy_check",
    "horizon_pending",
    "open_task_due",
)


@dataclass
class LineResult:
    line: int
    outcome: Outcome


def _parse(line_no: int, text: str) -> EventIn | LineResult:
    try:
        return parse_event(json.loads(text))
    except json.JSONDecodeError as exc:
        return LineResult(line_no, Outcome("rejected", reason=f"not valid JSON: {exc.msg}"))
    except InvalidInput as exc:
        return LineResult(line_no, Outcome("rejected", reason=str(exc), problems=exc.problems))


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Python's cyclic garbage collector less often while importing: a batch makes many objects
    that live until its commit (rows, the session's cases), and at the default thresholds
    (every 700 allocations) the collector scanned them again and again, ~15% of the CPU."""
    previous = gc.get_threshold()
    gc.set_threshold(50_000, 20, 100)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


class Importer:
    def __init__(
        self,
        engine: Engine,
        *,
        actor: str,
        policy: Policy,
        reference: Reference,
        batch_size: int | None = None,
        initial_load: bool = False,
    ) -> None:
        self.engine = engine
        self.actor = actor
        self.policy = policy
        self.reference = reference
        self.initial_load = initial_load
        self.batch_size = batch_size or (INITIAL_LOAD_BATCH_SIZE if initial_load else BATCH_SIZE)

    def _read_indexes(self) -> AbstractContextManager[None]:
        """A first load sets the case read indexes aside while it runs (storage/read_indexes.py);
        any other import first builds those a first load that stopped half-way left missing."""
        if self.initial_load:
            return read_indexes.set_aside(self.engine)
        read_indexes.restore(self.engine)
        return nullcontext()

    def run(
        self, lines: Iterable[str], progress: Callable[[int], None] | None = None
    ) -> Iterator[LineResult]:
        """Yield one result per non-blank line, in order, committing every batch."""
        batch: list[tuple[int, EventIn | LineResult]] = []
        with _fewer_collections(), self._read_indexes():
            for line_no, text in enumerate(lines, start=1):
                if progress:
                    progress(len(text.encode()) + 1)
                if not text.strip():
                    continue
                batch.append((line_no, _parse(line_no, text)))
                if len(batch) >= self.batch_size:
                    yield from self._commit(batch)
                    batch = []
                    analyse_grown(self.engine, GROWN)  # storage/statistics.py
            if batch:
                yield from self._commit(batch)
        checkpoint(self.engine)  # the WAL a bulk session lets grow (storage/db.py)

    def _commit(self, batch: list[tuple[int, EventIn | LineResult]]) -> list[LineResult]:
        try:
            return self._apply(batch)
        except (IntegrityError, OperationalError):
            results: list[LineResult] = []
            for item in batch:
                results.extend(self._apply([item]))
            return results

    def _apply(self, batch: list[tuple[int, EventIn | LineResult]]) -> list[LineResult]:
        results: list[LineResult] = []
        with session_scope(self.engine, bulk=True) as session:
            intake = Intake(session, actor=self.actor, policy=self.policy, reference=self.reference)
            intake.prefetch([e for _, e in batch if isinstance(e, EventIn)])
            for line_no, item in batch:
                if isinstance(item, LineResult):
                    results.append(item)
                    continue
                try:
                    results.append(LineResult(line_no, intake.apply(item)))
                except InvalidInput as exc:
                    results.append(
                        LineResult(
                            line_no,
                            Outcome(
                                "rejected", item.event_id, reason=str(exc), problems=exc.problems
                            ),
                        )
                    )
                except (Conflict, IllegalTransition) as exc:
                    results.append(
                        LineResult(line_no, Outcome("rejected", item.event_id, reason=str(exc)))
                    )
            intake.flush()
        return results
