"""The stage machine of the Community Gateway path: the one table of allowed moves.

Transfer is not a stage change: the case keeps its stage at the new prison and the move is a
`transferred` event on its timeline. A recall puts a released (or closed) case back into
custody at `recalled`, from where it re-enters the path with its history. A release is
accepted from every custody stage, because people leave on their date whatever the paperwork
says.
"""

from __future__ import annotations

from resettlement.vocabulary import CUSTODY_STAGES, Stage

_PRE_RELEASE_PATH = {
    Stage.received: {Stage.assessed, Stage.case_managed, Stage.release_planning},
    Stage.recalled: {Stage.assessed, Stage.case_managed, Stage.release_planning},
    Stage.assessed: {Stage.case_managed, Stage.release_planning},
    Stage.case_managed: {Stage.release_planning},
    Stage.release_planning: {Stage.plan_agreed},
    Stage.plan_agreed: {Stage.release_planning},
}

ALLOWED: dict[Stage, frozenset[Stage]] = {
    stage: frozenset(
        _PRE_RELEASE_PATH.get(stage, set())
        | ({Stage.released, Stage.withdrawn} if stage in CUSTODY_STAGES else set())
    )
    for stage in CUSTODY_STAGES
}
ALLOWED |= {
    Stage.released: frozenset(
        {Stage.handed_over, Stage.tenancy_monitoring, Stage.recalled, Stage.closed, Stage.withdrawn}
    ),
    Stage.handed_over: frozenset(
        {Stage.tenancy_monitoring, Stage.recalled, Stage.closed, Stage.withdrawn}
    ),
    Stage.tenancy_monitoring: frozenset({Stage.recalled, Stage.closed, Stage.withdrawn}),
    # A licence recall can come after the last tenancy check has closed the case.
    Stage.closed: frozenset({Stage.recalled}),
    Stage.withdrawn: frozenset(),
}


class IllegalTransition(Exception):
    """A move the Community Gateway path does not allow (e.g. closed → released)."""

    def __init__(self, current: Stage, target: Stage) -> None:
        allowed = ", ".join(sorted(ALLOWED[current])) or "none (final stage)"
        super().__init__(
            f"a case at stage '{current}' cannot move to '{target}'; allowed: {allowed}"
        )
        self.current = current
        self.target = target


def check_transition(current: Stage, target: Stage) -> None:
    """Raise IllegalTransition unless `current → target` is in the table."""
    if target not in ALLOWED[current]:
        raise IllegalTransition(current, target)


def can_move(current: Stage, target: Stage) -> bool:
    return target in ALLOWED[current]
