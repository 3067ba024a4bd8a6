"""What is due today, per role: the landing page after sign-in (issue #15).

- Prison team: people releasing within the first housing horizon (84 days) with housing
  unresolved, soonest first, with the housing task's escalation level; the team's overdue and
  due-today tasks; new receptions awaiting assessment.
- CJIT: new and overdue handovers, tenancy checks due now, first appointments missed.
- ROM: the region's releases within `housing.rom_from_days` with housing unresolved, overdue
  work by prison (prison teams) and by CJIT area (the CJIT's), the KPIs against target.

Every list is the caller's scope (access/scope.py) and what they may see of tasks
(access/visibility.py); the counts are the totals of the filtered lists the page links to.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any, Generic, TypeVar

from sqlalchemy import func, select
from sqlmodel import Session, col

from resettlement.access.scope import case_scope
from resettlement.access.users import Principal
from resettlement.access.visibility import visible_task_clause
from resettlement.clock import LONDON
from resettlement.handover.reads import HandoverFilters, list_handovers
from resettlement.paging import Window
from resettlement.pipeline.reads import compute_pipeline
from resettlement.policy import Policy
from resettlement.reads.caseload import CaseFilters, list_cases
from resettlement.storage.tables import Case, Handover, Task
from resettlement.tasks.reads import TaskFilters, list_tasks
from resettlement.vocabulary import (
    HandoverStatus,
    Role,
    Stage,
    TaskKind,
    TaskStatus,
    Team,
)

T = TypeVar("T")
SHOWN = 10  # rows of each list on the page; the count links to the whole list
HOUSING_KINDS = (TaskKind.housing_unresolved.value, TaskKind.housing_unresolved_escalation.value)


@dataclass(frozen=True)
class Listed(Generic[T]):
    items: list[T]
    total: int


@dataclass(frozen=True)
class Today:
    role: Role
    team: str | None
    window_days: int
    releasing: Listed[Case] | None = None
    escalation: dict[str, int] = field(default_factory=dict)  # case id -> housing task level
    overdue: Listed[Task] | None = None
    due_today: Listed[Task] | None = None
    receptions: Listed[Case] | None = None
    new_handovers: Listed[Handover] | None = None
    overdue_handovers: Listed[Handover] | None = None
    checks_due: Listed[Task] | None = None
    missed: Listed[Task] | None = None
    overdue_by_prison: list[tuple[str, int]] = field(default_factory=list)
    overdue_by_area: list[tuple[str, int]] = field(default_factory=list)
    kpis: dict[str, float | None] = field(default_factory=dict)
    people: dict[str, Case] = field(default_factory=dict)  # case id -> case, for the rows

    def case_ids(self) -> list[str]:
        """Every case shown on the page (for the audit of the read)."""
        return sorted(self.people)


def end_of_today(today: date) -> datetime:
    return datetime.combine(today + timedelta(days=1), time(0), LONDON)


def releasing_filters(days: int) -> CaseFilters:
    return CaseFilters(
        housing_resolved=False, releasing_within_days=days, in_custody=True, active=True
    )


def _cases(session: Session, who: Principal, filters: CaseFilters) -> Listed[Case]:
    listing = list_cases(session, who, filters, Window(1, SHOWN))
    return Listed(listing.rows, listing.total)


def _tasks(session: Session, who: Principal, filters: TaskFilters) -> Listed[Task]:
    listing = list_tasks(session, who, filters, Window(1, SHOWN))
    return Listed(listing.rows, listing.total)


def _escalation(session: Session, case_ids: list[str]) -> dict[str, int]:
    if not case_ids:
        return {}
    rows = session.execute(
        select(col(Task.case_id), func.max(Task.escalation_level))
        .where(
            col(Task.case_id).in_(case_ids),
            col(Task.kind).in_(HOUSING_KINDS),
            col(Task.status) == TaskStatus.open.value,
        )
        .group_by(col(Task.case_id))
    )
    return {case_id: int(level) for case_id, level in rows}


def _people(session: Session, ids: set[str]) -> dict[str, Case]:
    if not ids:
        return {}
    return {c.id: c for c in session.execute(select(Case).where(col(Case.id).in_(ids))).scalars()}


def team_of(who: Principal) -> Team | None:
    return Team(who.team) if who.team else None


def prison_today(
    session: Session, who: Principal, *, now: datetime, today: date, policy: Policy
) -> Today:
    window = policy.housing.horizon_days[0]
    releasing = _cases(session, who, releasing_filters(window))
    team = team_of(who)
    open_team = TaskFilters(team=team, status=TaskStatus.open)
    overdue = _tasks(session, who, replace(open_team, due_before=now))
    due_today = _tasks(
        session, who, replace(open_team, due_from=now, due_before=end_of_today(today))
    )
    receptions = _cases(session, who, CaseFilters(stage=Stage.received, active=True))
    ids = {c.id for c in releasing.items + receptions.items}
    ids |= {t.case_id for t in overdue.items + due_today.items}
    return Today(
        role=who.role,
        team=team.value if team else None,
        window_days=window,
        releasing=releasing,
        escalation=_escalation(session, [c.id for c in releasing.items]),
        overdue=overdue,
        due_today=due_today,
        receptions=receptions,
        people=_people(session, ids),
    )


def cjit_today(session: Session, who: Principal, *, now: datetime) -> Today:
    def handovers(filters: HandoverFilters) -> Listed[Handover]:
        listing = list_handovers(session, who, filters, now=now, window=Window(1, SHOWN))
        return Listed([h for h, _consent in listing.rows], listing.total)

    new = handovers(HandoverFilters(status=HandoverStatus.new))
    late = handovers(HandoverFilters(overdue=True))
    open_kind = TaskFilters(status=TaskStatus.open, team=Team.cjit)
    # A check due now and not recorded has its open tenancy_check_due task (aftercare/sweep.py).
    checks = _tasks(session, who, replace(open_kind, kind=TaskKind.tenancy_check_due))
    missed = _tasks(session, who, replace(open_kind, kind=TaskKind.missed_first_appointment))
    ids = {h.case_id for h in new.items + late.items}
    ids |= {t.case_id for t in checks.items + missed.items}
    return Today(
        role=who.role,
        team=Team.cjit.value,
        window_days=0,
        new_handovers=new,
        overdue_handovers=late,
        checks_due=checks,
        missed=missed,
        people=_people(session, ids),
    )


def _overdue_by(session: Session, who: Principal, now: datetime, cjit: bool) -> list[Any]:
    """Overdue open tasks by prison (the prison teams' and the ROM's) or by CJIT area."""
    place = col(Case.destination_area) if cjit else col(Case.prison)
    team = col(Task.team) == Team.cjit.value
    rows = session.execute(
        select(place, func.count())
        .select_from(Task)
        .join(Case, col(Case.id) == col(Task.case_id))
        .where(
            case_scope(who),
            visible_task_clause(who.role),
            col(Task.status) == TaskStatus.open.value,
            col(Task.due_at) < now,
            team if cjit else ~team,
            place.is_not(None),
        )
        .group_by(place)
        .order_by(func.count().desc(), place)
    )
    return [(str(code), int(n)) for code, n in rows]


def rom_today(
    session: Session, who: Principal, *, now: datetime, today: date, policy: Policy
) -> Today:
    window = policy.housing.rom_from_days
    releasing = _cases(session, who, releasing_filters(window))
    region = who.scope if who.role == Role.rom else None
    pipeline = compute_pipeline(session, region=region, now=now, today=today, policy=policy)
    return Today(
        role=who.role,
        team=Team.rom.value,
        window_days=window,
        releasing=releasing,
        escalation=_escalation(session, [c.id for c in releasing.items]),
        overdue_by_prison=_overdue_by(session, who, now, cjit=False),
        overdue_by_area=_overdue_by(session, who, now, cjit=True),
        kpis=pipeline.kpis,
        people={c.id: c for c in releasing.items},
    )
