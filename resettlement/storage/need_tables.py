"""A person's resettlement needs on the seven pathways, and every dated update to each.

Special category (UK GDPR art. 9): a need on the `drugs_alcohol` or `health` pathway, and its
updates' notes; every note is staff free text (a custody note, or CARAT's words on a need CARAT
owns). Who sees which is decided in access/visibility.py.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from resettlement.storage.types import new_id, special, utc_column

SPECIAL_NEED = "on the drugs_alcohol and health pathways: health, UK GDPR art. 9"


class Need(SQLModel, table=True):
    """One need of one custody episode, owned by one party (hacs, carat, probation, cjit)."""

    __tablename__ = "need"
    __table_args__ = (
        UniqueConstraint("case_id", "episode", "pathway", "need"),
        # The daily chase reads the needs not started yet, then their cases.
        Index("ix_need_status_case", "status", "case_id"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    case_id: str = Field(foreign_key="case.id", max_length=36)
    episode: int = 1
    pathway: str = Field(max_length=40)  # Pathway; drugs_alcohol and health: special category
    need: str = Field(  # its code in the catalogue (config/needs.yaml)
        max_length=50, sa_column_kwargs={"info": special(SPECIAL_NEED)}
    )
    owner: str = Field(max_length=20)  # PlanParty: the team that may update it
    status: str = Field(max_length=20)  # NeedStatus
    # Its status when the person was released (set by the release event): the KPI "needs met
    # at release" counts these, whatever happened to the need afterwards.
    status_at_release: str | None = Field(default=None, max_length=20)
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    created_by: str = Field(max_length=100)
    updated_at: datetime = Field(sa_column=utc_column(nullable=False))
    updated_by: str = Field(max_length=100)


class NeedUpdate(SQLModel, table=True):
    """A dated change to a need: its status then, who made it, and a note (staff free text)."""

    __tablename__ = "need_update"

    id: int | None = Field(default=None, primary_key=True)
    need_id: str = Field(foreign_key="need.id", max_length=36, index=True)
    at: datetime = Field(sa_column=utc_column(nullable=False))
    by: str = Field(max_length=100)
    status: str = Field(max_length=20)
    note: str | None = Field(  # staff free text: see the module's docstring
        default=None, max_length=2000, sa_column_kwargs={"info": special(SPECIAL_NEED)}
    )
