"""Policy and reference data from config/, validated at load.

A bad file stops start-up with a `ConfigError` naming the file, the key and the reason.
"""

from __future__ import annotations

import uuid
from functools import lru_cache
from pathlib import Path
from typing import Any

from apscheduler.triggers.cron import CronTrigger
from pydantic import (
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from resettlement.config_files import Strict, explain, read_yaml
from resettlement.mailboxes import EMAIL, UK_MOBILE
from resettlement.reference_data import Reference, load_reference
from resettlement.settings import get_settings
from resettlement.vocabulary import NotificationKind, NotifyMode


def _descending_positive(values: list[int]) -> list[int]:
    if not values:
        raise ValueError("must list at least one number of days")
    if any(v <= 0 for v in values):
        raise ValueError("every number of days must be positive")
    if values != sorted(set(values), reverse=True):
        raise ValueError("must be strictly decreasing, e.g. [84, 56, 28]")
    return values


class ReceptionPolicy(Strict):
    hacs_assessment_due_hours: int = Field(gt=0)
    carat_triage_due_days: int = Field(gt=0)


class HousingPolicy(Strict):
    horizon_days: list[int]
    rom_from_days: int = Field(gt=0)
    housing_benefit_max_weeks: int = Field(gt=0)
    duty_to_refer_window_days: int = Field(gt=0)
    duty_to_refer_chase_days: int = Field(gt=0)
    duty_to_refer_due_days: int = Field(gt=0)
    tenancy_action_due_days: int = Field(gt=0)

    _horizon = field_validator("horizon_days")(_descending_positive)


class ReleasePlanPolicy(Strict):
    opens_days_before_release: int = Field(gt=0)
    signoff_days_before_release: int = Field(gt=0)

    @model_validator(mode="after")
    def _signoff_after_opening(self) -> ReleasePlanPolicy:
        if self.signoff_days_before_release >= self.opens_days_before_release:
            raise ValueError("signoff_days_before_release must be fewer days than the plan opens")
        return self


class HandoverPolicy(Strict):
    acceptance_working_days: int = Field(gt=0)
    delivery_connect_timeout_s: float = Field(gt=0)
    delivery_read_timeout_s: float = Field(gt=0)
    delivery_max_attempts: int = Field(gt=0)
    delivery_backoff_s: float = Field(ge=0)
    missed_appointment_follow_up_hours: int = Field(gt=0)


class TenancyCheckPolicy(Strict):
    days_after_release: list[int]
    at_risk_follow_up_days: int = Field(gt=0)
    rehousing_follow_up_days: int = Field(gt=0)

    @field_validator("days_after_release")
    @classmethod
    def _ascending(cls, values: list[int]) -> list[int]:
        return list(reversed(_descending_positive(list(reversed(values)))))


KPI_NAMES = (
    "accommodated_on_release_pct",
    "settled_at_91_days_pct",
    "handover_accepted_within_sla_pct",
    "needs_met_at_release_pct",
)


class PipelinePolicy(Strict):
    weeks_ahead: int = Field(gt=0, le=52)
    kpi_window_days: int = Field(gt=0)
    settled_check_day: int = Field(gt=0)
    kpi_targets: dict[str, float] = Field(default_factory=dict)

    @field_validator("kpi_targets")
    @classmethod
    def _known_percentages(cls, targets: dict[str, float]) -> dict[str, float]:
        for name, value in targets.items():
            if name not in KPI_NAMES:
                raise ValueError(f"unknown KPI {name!r}; known: {', '.join(KPI_NAMES)}")
            if not 0 <= value <= 100:
                raise ValueError(f"the target for {name} must be a percentage, 0 to 100")
        return targets


class SchedulePolicy(Strict):
    daily_cron: str

    @field_validator("daily_cron")
    @classmethod
    def _valid_cron(cls, value: str) -> str:
        try:
            CronTrigger.from_crontab(value)
        except ValueError as exc:
            raise ValueError(f"not a valid crontab expression: {exc}") from exc
        return value


class SignInPolicy(Strict):
    max_failures: int = Field(gt=0)
    lockout_minutes: int = Field(gt=0)
    max_failures_per_address: int = Field(gt=0)


class ApiTokenPolicy(Strict):
    valid_days: int = Field(gt=0, le=3650)


class ConsentPolicy(Strict):
    withdrawal_task_due_hours: int = Field(gt=0)


class RetentionPolicy(Strict):
    anonymise_after_days: int = Field(gt=0)
    event_payload_days: int = Field(gt=0)


def _backoff_within_cap(base: float, cap: float) -> None:
    if cap < base:
        raise ValueError("the longest backoff must not be shorter than the first")


class HmppsEventsPolicy(Strict):
    """The inbox of HMPPS domain events and the Prisoner Search API behind it."""

    keep_days: int = Field(gt=0)
    search_connect_timeout_s: float = Field(gt=0)
    search_read_timeout_s: float = Field(gt=0)
    retry_backoff_s: float = Field(gt=0)
    retry_backoff_max_s: float = Field(gt=0)

    @model_validator(mode="after")
    def _cap(self) -> HmppsEventsPolicy:
        _backoff_within_cap(self.retry_backoff_s, self.retry_backoff_max_s)
        return self


class NotifyPolicy(Strict):
    """GOV.UK Notify: whom messages go to, their templates, and how sending is retried."""

    mode: NotifyMode
    test_recipients: list[str] = Field(default_factory=list)
    templates: dict[NotificationKind, str]
    connect_timeout_s: float = Field(gt=0)
    read_timeout_s: float = Field(gt=0)
    max_attempts: int = Field(gt=0)
    backoff_s: float = Field(gt=0)
    backoff_max_s: float = Field(gt=0)
    announce_within_days: int = Field(gt=0)
    keep_days: int = Field(gt=0)

    @field_validator("test_recipients")
    @classmethod
    def _addresses(cls, values: list[str]) -> list[str]:
        for value in values:
            if not (EMAIL.fullmatch(value) or UK_MOBILE.fullmatch(value.replace(" ", ""))):
                raise ValueError("each test recipient must be an email address or a UK mobile")
        return values

    @field_validator("templates")
    @classmethod
    def _every_kind_a_template(cls, values: dict[NotificationKind, str]) -> dict[Any, str]:
        missing = sorted(k.value for k in NotificationKind if k not in values)
        if missing:
            raise ValueError(f"a template id is needed for: {', '.join(missing)}")
        for kind, value in values.items():
            try:
                uuid.UUID(value)
            except (TypeError, ValueError):
                raise ValueError(f"{kind.value}: a Notify template id is a UUID") from None
        return values

    @model_validator(mode="after")
    def _cap(self) -> NotifyPolicy:
        _backoff_within_cap(self.backoff_s, self.backoff_max_s)
        return self


class PipesPolicy(Strict):
    """The background runner of the pipes (inbox, handover delivery, notifications)."""

    recheck_min_s: float = Field(gt=0)  # never two runs closer than this (an outage stays calm)
    recheck_max_s: float = Field(gt=0)  # ... and one at least this often, woken or not

    @model_validator(mode="after")
    def _order(self) -> PipesPolicy:
        _backoff_within_cap(self.recheck_min_s, self.recheck_max_s)
        return self


class NeedsPolicy(Strict):
    not_started_days_before_release: int = Field(gt=0)
    task_due_days: int = Field(gt=0)


class PersonLinkPolicy(Strict):
    expires_after_days: int = Field(gt=0, le=90)
    max_wrong_dates_of_birth: int = Field(gt=0, le=10)
    session_minutes: int = Field(gt=0, le=240)


class PlacementPolicy(Strict):
    reply_working_days: int = Field(gt=0, le=30)


class TasksPolicy(Strict):
    undo_done_minutes: int = Field(default=10, gt=0, le=1440)  # "mark done" can be undone this long


class Policy(Strict):
    timezone: str
    reception: ReceptionPolicy
    housing: HousingPolicy
    release_plan: ReleasePlanPolicy
    handover: HandoverPolicy
    tenancy_checks: TenancyCheckPolicy
    pipeline: PipelinePolicy
    sign_in: SignInPolicy
    schedule: SchedulePolicy
    api_tokens: ApiTokenPolicy
    retention: RetentionPolicy
    consent: ConsentPolicy
    hmpps_events: HmppsEventsPolicy
    notify: NotifyPolicy
    pipes: PipesPolicy
    needs: NeedsPolicy
    person_link: PersonLinkPolicy
    placements: PlacementPolicy
    tasks: TasksPolicy = Field(default_factory=TasksPolicy)

    @model_validator(mode="after")
    def _rom_threshold_is_a_horizon(self) -> Policy:
        if self.housing.rom_from_days not in self.housing.horizon_days:
            raise ValueError("housing.rom_from_days must be one of housing.horizon_days")
        if self.pipeline.settled_check_day not in self.tenancy_checks.days_after_release:
            raise ValueError(
                "pipeline.settled_check_day must be one of tenancy_checks.days_after_release"
            )
        return self


def load_policy(config_dir: Path) -> Policy:
    path = config_dir / "policy.yaml"
    try:
        return Policy.model_validate(read_yaml(path))
    except ValidationError as exc:
        raise explain(path, exc) from None


@lru_cache(maxsize=4)
def _cached(config_dir: Path) -> tuple[Policy, Reference]:
    return load_policy(config_dir), load_reference(config_dir)


def get_policy() -> Policy:
    return _cached(get_settings().config_dir)[0]


def get_reference() -> Reference:
    return _cached(get_settings().config_dir)[1]
