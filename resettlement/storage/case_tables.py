"""The case and what hangs off it in custody: timeline, intake log, assessments, consents."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from resettlement.storage.types import JSONData, new_id, special, utc_column

# The caseload's order (reads/caseload.py): release date, family name, id.
CASELOAD_ORDER = ("release_date", "family_name", "id")
DRUG_TREATMENT = "health: drug treatment (CARAT), UK GDPR art. 9"


class Case(SQLModel, table=True):
    """One custody episode of one person, from reception to closure.

    All of it is criminal-offence data (UK GDPR art. 10); `spectrum_stage` is special category
    (art. 9, health). Retention anonymises the person (`anonymised_at`) seven years after their
    last case ended (`ended_at`: when it reached closed or withdrawn).
    """

    __tablename__ = "case"
    __table_args__ = (
        # Also covers the housing horizon sweep (resolution, episode, id) so that it reads
        # the pre-release caseload from the index alone.
        Index(
            "ix_case_stage_release", "stage", "release_date", "housing_ready_from", "episode", "id"
        ),
        # The caseload in its own order (release date, name, id) within each scope: a prison,
        # a CJIT area, a region's prisons, a region's destinations, and nationally. A page is
        # read in index order (a ROM's: a merge of its two region ranges) and cut at its end;
        # each holds `housing_ready_from` (the housing filter and its count read no row) and the
        # destinations' one the prison's region (the ROM's second range: from elsewhere).
        Index("ix_case_prison_order", "prison", *CASELOAD_ORDER, "housing_ready_from"),
        Index("ix_case_area_order", "destination_area", *CASELOAD_ORDER, "housing_ready_from"),
        Index(
            "ix_case_prison_region_order", "prison_region", *CASELOAD_ORDER, "housing_ready_from"
        ),
        Index(
            "ix_case_destination_region_order",
            "destination_region",
            *CASELOAD_ORDER,
            "prison_region",
            "housing_ready_from",
        ),
        Index("ix_case_release_order", *CASELOAD_ORDER, "housing_ready_from"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    prison_number: str = Field(index=True, max_length=7)
    given_name: str
    family_name: str
    date_of_birth: date
    gender: str
    prison: str = Field(foreign_key="prison.code")
    destination_area: str | None = Field(default=None, foreign_key="area.code")
    # The regions of `prison` and of `destination_area`, kept by every write that changes
    # either (storage/case_regions.py): what a ROM's scope and the region filters read.
    prison_region: str | None = Field(default=None, max_length=3)
    destination_region: str | None = Field(default=None, max_length=3)
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
    spectrum_stage: str | None = Field(
        default=None, sa_column_kwargs={"info": special(DRUG_TREATMENT)}
    )
    consent_share_cjit: bool = False
    # From the HACS assessment (issue #11): the support the person needs (SupportLevel) and
    # their risk factors (RiskFactor bits, catalogue/masks.py), for matching and the gaps.
    support_need: str | None = Field(default=None, max_length=10)
    risk_mask: int = Field(  # high_mental_health_need is health: special category
        default=0, sa_column_kwargs={"info": special("a risk factor is high mental health need")}
    )
    outcome: str | None = None
    created_at: datetime = Field(sa_column=utc_column(nullable=False))
    updated_at: datetime = Field(sa_column=utc_column(nullable=False))
    ended_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    anonymised_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class DomainEvent(SQLModel, table=True):
    """One change on a case's timeline (stage moves, assessments, tasks raised, ...).

    CARAT's own entries are drug-treatment data (special category): access/visibility.py
    withholds them where drug treatment may not be seen.
    """

    __tablename__ = "domain_event"
    __table_args__ = (Index("ix_domain_event_case", "case_id", "seq"),)

    seq: int | None = Field(default=None, primary_key=True)
    case_id: str = Field(foreign_key="case.id", max_length=36)
    kind: str
    occurred_at: datetime = Field(sa_column=utc_column(nullable=False))
    actor: str
    data: dict[str, Any] = Field(
        default_factory=dict,
        sa_column=Column(
            JSONData, nullable=False, info=special(f"CARAT entries: {DRUG_TREATMENT}")
        ),
    )


class PrisonEvent(SQLModel, table=True):
    """The intake log: one row per accepted prison event; its id makes intake idempotent.

    The raw payload holds the person's name and date of birth: retention drops it (to {}) after
    policy `retention.event_payload_days`, and at once for an anonymised person.
    """

    __tablename__ = "prison_event"

    event_id: str = Field(primary_key=True, max_length=100)
    type: str
    case_id: str = Field(foreign_key="case.id", max_length=36, index=True)
    occurred_at: datetime = Field(sa_column=utc_column(nullable=False))
    received_at: datetime = Field(sa_column=utc_column(nullable=False))
    payload: dict[str, Any] = Field(sa_column=Column(JSONData, nullable=False))
    payload_dropped_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class Assessment(SQLModel, table=True):
    """A HACS reception assessment or a CARAT assessment, as recorded (latest wins).

    A CARAT assessment's data is special category (drug treatment); a HACS one's notes may
    mention health. `submission_key` is the form's (or the API's Idempotency-Key): a double
    submit of one form records one assessment.
    """

    __tablename__ = "assessment"
    __table_args__ = (
        Index("ix_assessment_case", "case_id", "kind"),
        UniqueConstraint("case_id", "submission_key", name="uq_assessment_submission"),
    )

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    case_id: str = Field(foreign_key="case.id", max_length=36)
    kind: str  # hacs | carat
    episode: int = 1
    data: dict[str, Any] = Field(
        sa_column=Column(JSONData, nullable=False, info=special(f"CARAT's: {DRUG_TREATMENT}"))
    )
    recorded_at: datetime = Field(sa_column=utc_column(nullable=False))
    recorded_by: str
    submission_key: str | None = Field(default=None, max_length=64)


class Consent(SQLModel, table=True):
    """A consent given (or refused) by the person: how and when it was obtained, who recorded
    it and when, its scope; it can be withdrawn (when, by whom, how)."""

    __tablename__ = "consent"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    case_id: str = Field(foreign_key="case.id", max_length=36, index=True)
    kind: str  # share_cjit | duty_to_refer
    scope: str
    given: bool
    recorded_at: datetime = Field(sa_column=utc_column(nullable=False))
    recorded_by: str
    method: str = Field(default="verbal", max_length=20)  # ConsentMethod
    obtained_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    withdrawn_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    withdrawn_by: str | None = None
    withdrawal_method: str | None = Field(default=None, max_length=20)


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
