"""Request bodies (assessments, accommodation, plan sections, needs, services) and the YAML data
files tests edit."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.factories.events import AREA


def hacs_body(**extra: Any) -> dict[str, Any]:
    """A HACS reception assessment: no tenancy, not threatened with homelessness."""
    return {
        "housing_status": "nfa",
        "threatened_with_homelessness": False,
        "duty_to_refer_consent": False,
    } | extra


def tenancy(**extra: Any) -> dict[str, Any]:
    return {
        "landlord_type": "social",
        "rent_weekly": "95.50",
        "arrears": "0",
        "housing_benefit": True,
    } | extra


def carat_body(**extra: Any) -> dict[str, Any]:
    return {
        "drug_need": True,
        "spectrum_stage": "in_treatment",
        "consent_share_cjit": True,
    } | extra


def accommodation_body(*, start: date, confirmed: bool = True, **extra: Any) -> dict[str, Any]:
    return {
        "housing_status": "supported_housing",
        "address": "12 Westgate Road, Newcastle upon Tyne NE1 1SA",
        "provider": "Changing Lives",
        "start_date": start.isoformat(),
        "confirmed": confirmed,
    } | extra


def section_body(summary: str = "First-night address agreed", **extra: Any) -> dict[str, Any]:
    return {"content": {"summary": summary} | extra}


def need_body(pathway: str = "finance_id", need: str = "bank_account", owner: str = "hacs") -> dict:
    return {"pathway": pathway, "need": need, "owner": owner}


def edit_yaml(path: Any, change: Any) -> None:
    """Load a YAML file, let `change` alter the data, write it back (Welsh kept as it is)."""
    import yaml

    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))


ALL_STAGES = [
    "chaotic_using",
    "chaotic_engaging",
    "in_treatment",
    "recently_abstinent_vulnerable",
    "abstinent_potentially_vulnerable",
]


def service_body(**extra: Any) -> dict[str, Any]:
    """A supported house in Newcastle taking anyone adult, at any stage, with two places."""
    return {
        "name": "Westgate House",
        "provider": "Harbour Lane Housing",
        "address": "12 Westgate Road, Newcastle upon Tyne NE1 1SA",
        "area": AREA,
        "kind": "supported_housing",
        "support_level": "medium",
        "capacity": 2,
        "access": "referral",
        "genders": ["male", "female", "other"],
        "min_age": 18,
        "max_age": None,
        "accepts_on_licence": True,
        "spectrum_stages": ALL_STAGES,
        "excludes": [],
    } | extra
