"""The case and what hangs off it in custody: timeline, intake log, assessments, consents."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from resettlement.storage.types import JSONData, new_id, utc_column


class Case(SQLModel, table=True):
    """One custody episode of one person, from reception to closure."""

    __tablename__ = "case"
    __table_args__ = (
        # Also covers the housing horizon sweep (resolution, episode, id) so that it reads
        # the pre-release caseload from the index alone.
        Index(
            "ix_case_stage_release", "stage", "release_date", "housing_ready_from", "episode", "id"
        ),
        Index("ix_case_prison_release", "prison", "release_date"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    prison_number: str = Field(index=True, max_length=7)
    given_name: str
    family_name: str
    date_of_birth: date
    gender: str
    prison: str = Field(foreign_key="prison.code")
    destination_area: str | None = Field(default=None, foreign_key="area.code", index=True)
    reception_date: date
    release_date: date | None = None
    release_date_type: str | None = None
    on_licence: bool = False
    stage: str = Field(max_length=20)
    episode: int = 1
    housing_status: str = "unknown"
    # Start date of a confirmed release-night arrangement (address + provider); housing is
    # resolved when it is on or before the release date. Kept by the accommodation service.
    housing_ready_from: date | None = None
    spectrum_stage: str | None = None
    consent_share_cjit: bool = False
    outcome: str | None = None
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    updated_at: datetime = Field(sa_column=utc_column(nullable=False))


class DomainEvent(SQLModel, table=True):
    """One change on a case's timeline (stage moves, assessments, tasks raised, ...)."""

    __tablename__ = "domain_event"
    __table_args__ = (Index("ix_domain_event_case", "case_id", "seq"),)

    seq: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(foreign_key="case.id", max_length=36)
    kind: str
    occurred_at: datetime = Field(sa_column=utc_column(nullable=False))
    actor: str
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSONData, nullable=False))


class PrisonEvent(SQLModel, table=True):
    """The intake log: one row per accepted prison event; its id makes intake idempotent."""

    __tablename__ = "prison_event"

    event_id: str = Field(primary_key=True, max_length=100)
    type: str
    case_id: str = Field(foreign_key="case.id", max_length=36, index=True)
    occurred_at: datetime = Field(sa_column=utc_column(nullable=False))
    received_at: datetime = Field(sa_column=utc_column(nullable=False))
    payload: dict[str, Any] = Field(sa_column=Column(JSONData, nullable=False))


class Assessment(SQLModel, table=True):
    """A HACS reception assessment or a CARAT assessment, as recorded (latest wins)."""

    __tablename__ = "assessment"
    __table_args__ = (Index("ix_assessment_case", "case_id", "kind"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    case_id: str = Field(foreign_key="case.id", max_length=36)
    kind: str  # hacs | carat
    episode: int = 1
    data: dict[str, Any] = Field(sa_column=Column(JSONData, nullable=False))
    recorded_at: datetime = Field(sa_column=utc_column(nullable=False))
    recorded_by: str


class Consent(SQLModel, table=True):
    """A consent given by the person: who recorded it, when, its scope; it can be withdrawn."""

    __tablename__ = "consent"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    case_id: str = Field(foreign_key="case.id", max_length=36, index=True)
    kind: str  # share_cjit | duty_to_refer
    scope: str
    given: bool
    recorded_at: datetime = Field(sa_column=utc_column(nullable=False))
    recorded_by: str
    withdrawn_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class Accommodation(SQLModel, table=True):
    """The release-night arrangement for a case (one per case, replaced when it changes)."""

    __tablename__ = "accommodation"

    case_id: str = Field(foreign_key="case.id", primary_key=True, max_length=36)
    housing_status: str
    address: str
    provider: str
    start_date: date | None = None
    confirmed: bool = False
    updated_at: datetime = Field(sa_column=utc_column(nullable=False))
    updated_by: str


class Referral(SQLModel, table=True):
    """A duty-to-refer referral to a local housing authority, and its outcome."""

    __tablename__ = "referral"
    __table_args__ = (UniqueConstraint("case_id", "episode"),)

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    case_id: str = Field(foreign_key="case.id", max_length=36)
    episode: int = 1
    local_authority: str
    referred_on: date
    reference: str
    outcome: str | None = None
    outcome_on: date | None = None
    recorded_by: str
