"""Reading a case's needs: its current custody episode's needs, each with its dated updates, in
pathway order; and the shape of a need as the API gives it.

Which needs and notes a caller may see is decided by the read models (reads/), not here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlmodel import Session, col, select

from resettlement.needs.catalogue import get_catalogue
from resettlement.needs.rules import is_open
from resettlement.storage.tables import Case, Need, NeedUpdate
from resettlement.vocabulary import Pathway

PATHWAY_ORDER = {p.value: n for n, p in enumerate(Pathway)}


class NeedUpdateOut(BaseModel):
    at: datetime
    by: str
    status: str
    note: str | None = Field(
        description="staff free text; withheld where the caller may not read it"
    )


class NeedOut(BaseModel):
    id: str
    pathway: str
    need: str = Field(description="the need's code in the catalogue")
    title: str = Field(description="the need in words")
    status: str = Field(description="not_started | in_progress | met | declined")
    owner: str = Field(description="the party whose team works it: hacs | carat | probation | cjit")
    episode: int
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str
    updates: list[NeedUpdateOut] = Field(description="every change, oldest first")


def need_dict(need: Need, updates: list[NeedUpdate]) -> dict[str, Any]:
    return {
        "id": need.id,
        "pathway": need.pathway,
        "need": need.need,
        "title": get_catalogue().title(need.pathway, need.need),
        "status": need.status,
        "owner": need.owner,
        "episode": need.episode,
        "created_at": need.created_at.isoformat(),
        "created_by": need.created_by,
        "updated_at": need.updated_at.isoformat(),
        "updated_by": need.updated_by,
        "updates": [
            {"at": u.at.isoformat(), "by": u.by, "status": u.status, "note": u.note}
            for u in updates
        ],
    }


def needs_of(session: Session, case: Case, *, every_episode: bool = False) -> list[dict[str, Any]]:
    """The needs of the case's current custody episode (or of every one) with their updates,
    by pathway."""
    return needs_of_cases(session, [case], every_episode=every_episode)[case.id]


def needs_of_cases(
    session: Session, cases: Sequence[Case], *, every_episode: bool = False
) -> dict[str, list[dict[str, Any]]]:
    """`needs_of` for many cases in two queries: case id -> its needs (the release batch)."""
    episodes = {c.id: c.episode for c in cases}
    found: dict[str, list[Need]] = {case_id: [] for case_id in episodes}
    if not episodes:
        return {}
    query = select(Need).where(col(Need.case_id).in_(list(episodes)))
    for need in session.exec(query):
        if every_episode or need.episode == episodes[need.case_id]:
            found[need.case_id].append(need)
    ids = [n.id for needs in found.values() for n in needs]
    updates: dict[str, list[NeedUpdate]] = defaultdict(list)
    if ids:
        rows = session.exec(
            select(NeedUpdate).where(col(NeedUpdate.need_id).in_(ids)).order_by(col(NeedUpdate.id))
        )
        for update in rows:
            updates[update.need_id].append(update)
    result = {}
    for case_id, needs in found.items():
        needs.sort(
            key=lambda n: (n.episode, PATHWAY_ORDER.get(n.pathway, 99), n.created_at, n.need)
        )
        result[case_id] = [need_dict(n, updates[n.id]) for n in needs]
    return result


def open_needs(needs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Needs still to be worked, as the handover packet carries them (no notes, no history)."""
    keep = ("pathway", "need", "title", "owner", "status")
    return [{k: n[k] for k in keep} for n in needs if is_open(str(n["status"]))]
