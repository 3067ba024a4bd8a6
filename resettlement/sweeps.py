"""What one sweep (a daily set-based step) did, and what one step of the daily run did, for the
run-daily report and flow results."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SweepResult:
    name: str
    raised: int = 0
    escalated: int = 0
    closed: int = 0
    changed: int = 0  # other rows written (stage moves, deliveries, ...)

    def __add__(self, other: SweepResult) -> SweepResult:
        return SweepResult(
            self.name,
            self.raised + other.raised,
            self.escalated + other.escalated,
            self.closed + other.closed,
            self.changed + other.changed,
        )

    @property
    def rows_written(self) -> int:
        return self.raised + self.escalated + self.closed + self.changed


@dataclass(frozen=True)
class StepOutcome:
    """One step (flow) of the daily run: its sweeps' results, or the error it failed with."""

    step: str
    results: list[SweepResult] = field(default_factory=list)
    error: str | None = None
