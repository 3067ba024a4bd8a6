"""Recording needs and their progress; what the release event keeps of them.

A need is recorded from the catalogue for a case's current custody episode, owned by one party,
starting `not_started`; only its owner's team updates it (admins any), each change a dated
update with who made it and an optional note. Starting, meeting or declining a need closes its
`need_not_started` chase. Closed and withdrawn cases take no more needs.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select, update
from sqlmodel import Session, col

from resettlement import clock
from resettlement.access.users import Principal
from resettlement.access.visibility import need_visible, view_for
from resettlement.cases.lookup import case_for_write, flush_or_conflict, get_case
from resettlement.cases.timeline import record
from resettlement.errors import Conflict, Forbidden, InvalidInput, NotFound
from resettlement.needs.catalogue import Catalogue
from resettlement.needs.rules import consent_refusal, status_refusal
from resettlement.needs.sweep import chase_key
from resettlement.storage.tables import Case, Need, NeedUpdate, Task
from resettlement.tasks.commands import complete_tasks
from resettlement.vocabulary import FINAL_STAGES, Action, NeedStatus, Pathway, PlanParty, Stage


def _writable_case(
    session: Session, principal: Principal, case_id: str, owner: PlanParty, pathway: str
) -> Case:
    """The case in scope (else 404), the owner's team writing (else 403: access/permissions.py),
    locked and the write audited; not closed or withdrawn (else 409)."""
    case = case_for_write(session, principal, case_id, Action.need, party=owner)
    refusal = consent_refusal(principal.role, pathway, consent=case.consent_share_cjit)
    if refusal:
        raise Forbidden(refusal)
    if Stage(case.stage) in FINAL_STAGES:
        raise Conflict(f"cannot record needs: the case is {case.stage}")
    return case


def add_need(
    session: Session,
    *,
    principal: Principal,
    case_id: str,
    pathway: Pathway,
    need: str,
    owner: PlanParty,
    catalogue: Catalogue,
) -> Need:
    """Record a need from the catalogue for the current episode, `not_started`."""
    case = _writable_case(session, principal, case_id, owner, pathway.value)
    if catalogue.get(pathway.value, need) is None:
        known = ", ".join(n.code for n in catalogue.pathways[pathway].values())
        raise InvalidInput.one("need", f"is not a need on the {pathway.value} pathway: {known}")
    now = clock.now()
    row = Need(
        case_id=case.id,
        episode=case.episode,
        pathway=pathway.value,
        need=need,
        owner=owner.value,
        status=NeedStatus.not_started.value,
        created_at=now,
        created_by=principal.username,
        updated_at=now,
        updated_by=principal.username,
    )
    session.add(row)
    flush_or_conflict(session, f"the need {need!r} is already recorded for this custody episode")
    session.add(NeedUpdate(need_id=row.id, at=now, by=principal.username, status=row.status))
    record(
        session,
        case_id=case.id,
        kind="need_recorded",
        actor=principal.username,
        data={"need_id": row.id, "pathway": row.pathway, "need": need, "owner": row.owner},
    )
    return row


def update_need(
    session: Session,
    *,
    principal: Principal,
    case_id: str,
    need_id: str,
    status: NeedStatus,
    note: str | None,
) -> Need:
    """A dated update by the owner's team: a new status and/or a note (the same status and no
    note changes nothing)."""
    found = get_case(session, principal, case_id, action=Action.need.value)
    row = session.get(Need, need_id)
    view = view_for(principal.role, consent_share_cjit=found.consent_share_cjit)
    if row is None or row.case_id != found.id or not need_visible(row.pathway, view):
        raise NotFound(f"no need {need_id} on case {case_id}")
    case = _writable_case(session, principal, case_id, PlanParty(row.owner), row.pathway)
    if row.episode != case.episode:
        raise Conflict("this need belongs to an earlier custody episode")
    current = NeedStatus(row.status)
    refusal = status_refusal(current, status)
    if refusal:
        raise Conflict(refusal)
    if status == current and not note:
        return row
    now = clock.now()
    row.status, row.updated_at, row.updated_by = status.value, now, principal.username
    session.add(row)
    session.add(NeedUpdate(need_id=row.id, at=now, by=principal.username, status=status, note=note))
    if current == NeedStatus.not_started and status != current:
        _close_chase(session, case, row, by=principal.username)
    record(
        session,
        case_id=case.id,
        kind="need_updated",
        actor=principal.username,
        data={
            "need_id": row.id,
            "pathway": row.pathway,
            "need": row.need,
            "owner": row.owner,
            "from": current.value,
            "to": status.value,
        },
    )
    session.flush()
    return row


def _close_chase(session: Session, case: Case, need: Need, *, by: str) -> None:
    key = chase_key(case.id, need.episode, need.id)
    ids = session.execute(select(col(Task.id)).where(col(Task.dedupe_key) == key)).scalars()
    complete_tasks(session, case_id=case.id, by=by, ids=[i for i in ids if i is not None])


def keep_status_at_release(session: Session, *cases: Case) -> None:
    """At the release event: each need of the episode keeps its status then (the KPI). Many
    cases (the intake's batch of releases) take one executemany."""
    if not cases:
        return
    if session.autoflush:  # as the ORM UPDATE would; the table UPDATE below skips the ORM
        session.flush()
    table = Need.__table__  # type: ignore[attr-defined]
    session.execute(
        update(table)
        .where(table.c.case_id == bindparam("of_case"), table.c.episode == bindparam("of_episode"))
        .values(status_at_release=table.c.status),
        [{"of_case": case.id, "of_episode": case.episode} for case in cases],
    )
