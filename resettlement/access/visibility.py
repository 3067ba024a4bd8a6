"""What of a case each audience may see: decided here, once, for every route, page, export and
message. Pure: no I/O.

The rule goes by what the data is, never by what its text says:

- **Drug treatment** (special category, UK GDPR art. 9): everything CARAT records — its
  assessment (drug need, triage outcome, spectrum stage, care plan, notes), the case's spectrum
  stage, the plan's `carat` section, CARAT's tasks and timeline entries, the handover packet's
  `drug_treatment` part — and needs on the `drugs_alcohol` and `health` pathways.
- **CARAT free text**: CARAT's own words within that (assessment notes and care plan, the plan
  `carat` section's content).
- **Custody notes**: free text prison staff write in an assessment (e.g. HACS notes): it may
  mention health or treatment, so it goes where drug treatment goes.

Who sees what:

| audience | drug treatment | CARAT free text | custody notes |
| --- | --- | --- | --- |
| admin, prison staff | yes | yes | yes |
| ROM | yes | never | yes |
| CJIT worker | only with `consent_share_cjit` | only with it | only with it |
| feed | nothing (it reads nothing at all) | | |
| a message (email or SMS through GOV.UK Notify) | never | never | never |

A message leaves every access check behind (a mailbox, a council, a phone): `message_fields`
lets it carry only the fields `MESSAGE_FIELDS` names (identity, places, dates, counts, a link),
none of which holds drug treatment, CARAT text or custody notes, whatever the consent.

`View` is that decision for one caller and one case; the `redact_*` functions apply it to each
shape the read models build (the case, the plan, a handover packet, a timeline entry, a task),
and `visible_task_clause` is its SQL twin for lists of tasks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, exists, or_, true
from sqlmodel import col

from resettlement.storage.tables import Case, Task
from resettlement.vocabulary import Role, Team

CARAT = Team.carat.value
# What CARAT writes in its own words, in its assessment's data.
CARAT_TEXT_FIELDS = ("notes", "care_plan")
# Free text a prison team writes in an assessment's data.
CUSTODY_NOTE_FIELDS = ("notes",)
# Pathways whose needs are special-category data, shared as drug treatment is.
SPECIAL_PATHWAYS = frozenset({"drugs_alcohol", "health"})
NOT_GIVEN: dict[str, str] = {"consent": "not_given"}
WITHHELD_EVENT = {"withheld": "no consent to share drug-treatment details"}


@dataclass(frozen=True)
class View:
    """What one caller may see of one case."""

    drug_treatment: bool
    carat_text: bool
    custody_notes: bool

    @property
    def everything(self) -> bool:
        return self.drug_treatment and self.carat_text and self.custody_notes


EVERYTHING = View(drug_treatment=True, carat_text=True, custody_notes=True)
NOTHING = View(drug_treatment=False, carat_text=False, custody_notes=False)


def view_for(role: Role, *, consent_share_cjit: bool) -> View:
    """The one decision: what a caller of `role` may see of a case with this consent."""
    if role in (Role.admin, Role.prison_staff):
        return EVERYTHING
    if role == Role.rom:
        return View(drug_treatment=True, carat_text=False, custody_notes=True)
    if role == Role.cjit_worker:
        return EVERYTHING if consent_share_cjit else NOTHING
    return NOTHING


def visible_task_clause(role: Role) -> ColumnElement[bool]:
    """SQL twin of `task_visible(team, view_for(role, consent of the task's case))` on Task."""
    if role != Role.cjit_worker:
        return true()
    consented = exists().where(col(Case.id) == col(Task.case_id), col(Case.consent_share_cjit))
    return or_(col(Task.team) != CARAT, consented)


def task_visible(team: str, view: View) -> bool:
    """CARAT's tasks are drug-treatment work: seen where drug treatment is."""
    return team != CARAT or view.drug_treatment


def need_visible(pathway: str, view: View) -> bool:
    return pathway not in SPECIAL_PATHWAYS or view.drug_treatment


def event_owner(event: dict[str, Any]) -> str | None:
    """The team whose record a timeline entry is (its data names it), else None."""
    kind = str(event.get("kind") or "")
    data = event.get("data") or {}
    if kind.startswith(f"{CARAT}_"):
        return CARAT
    owner = data.get("party") or data.get("team") or data.get("owner")
    return str(owner) if owner else None


def event_visible(event: dict[str, Any], view: View) -> bool:
    return event_owner(event) != CARAT or view.drug_treatment


def redact_event(event: dict[str, Any], view: View) -> dict[str, Any]:
    """A timeline entry: CARAT's own entries are withheld (kept as such) where not visible."""
    if event_visible(event, view):
        return event
    return {**event, "kind": "withheld", "data": dict(WITHHELD_EVENT)}


def redact_assessment(assessment: dict[str, Any], view: View) -> dict[str, Any] | None:
    """An assessment: CARAT's is drug treatment (its words CARAT free text); another team's
    notes are custody notes. None when it may not be seen at all."""
    data = dict(assessment.get("data") or {})
    if assessment.get("kind") == CARAT:
        if not view.drug_treatment:
            return None
        hidden: Iterable[str] = () if view.carat_text else CARAT_TEXT_FIELDS
    else:
        hidden = () if view.custody_notes else CUSTODY_NOTE_FIELDS
    for name in hidden:
        if data.get(name) is not None:
            data[name] = None
    return {**assessment, "data": data}


def _carat_section(section: dict[str, Any], view: View) -> dict[str, Any] | None:
    if not view.drug_treatment:
        return None
    if view.carat_text:
        return section
    # Who wrote it and when, never what.
    return {k: v for k, v in section.items() if k in ("updated_by", "updated_at")} | {
        "content_withheld": True
    }


def redact_plan(plan: dict[str, Any] | None, view: View) -> dict[str, Any] | None:
    """A plan version (and its earlier versions): the `carat` section as the view allows."""
    if plan is None or view.everything:
        return plan
    out = dict(plan)
    sections = dict(plan.get("sections") or {})
    if CARAT in sections:
        carat = _carat_section(sections.pop(CARAT), view)
        if carat is not None:
            sections[CARAT] = carat
    out["sections"] = sections
    if "previous_versions" in plan:
        out["previous_versions"] = [redact_plan(v, view) for v in plan["previous_versions"]]
    return out


def redact_packet(packet: dict[str, Any], view: View) -> dict[str, Any]:
    """A handover packet: its `drug_treatment` part as the view allows (the rest is always
    shared: identity, release, area, accommodation, the other parties' plan and appointments)."""
    treatment = packet.get("drug_treatment")
    if view.everything or not isinstance(treatment, dict):
        return packet
    if not view.drug_treatment or treatment.get("consent") != "given":
        return {**packet, "drug_treatment": dict(NOT_GIVEN)}
    assessment = treatment.get("carat_assessment")
    if isinstance(assessment, dict):
        assessment = {k: (None if k in CARAT_TEXT_FIELDS else v) for k, v in assessment.items()}
    section = treatment.get("plan_section")
    return {
        **packet,
        "drug_treatment": {
            **treatment,
            "carat_assessment": assessment,
            "plan_section": {"content_withheld": True} if section else None,
            "appointments": [],
        },
    }


def redact_needs(needs: list[dict[str, Any]], view: View) -> list[dict[str, Any]]:
    return [n for n in needs if need_visible(str(n.get("pathway")), view)]


def redact_case(case: dict[str, Any], view: View) -> dict[str, Any]:
    """The whole case (reads/case_view.py's shape) as the view allows."""
    if view.everything:
        return case
    out = dict(case)
    if not view.drug_treatment:
        out["spectrum_stage"] = None
    assessments = [redact_assessment(a, view) for a in case.get("assessments") or []]
    out["assessments"] = [a for a in assessments if a is not None]
    out["release_plan"] = redact_plan(case.get("release_plan"), view)
    out["tasks"] = [t for t in case.get("tasks") or [] if task_visible(str(t["team"]), view)]
    out["timeline"] = [redact_event(e, view) for e in case.get("timeline") or []]
    if case.get("needs") is not None:
        out["needs"] = redact_needs(case["needs"], view)
    handover = case.get("handover")
    if handover:
        out["handover"] = {**handover, "packet": redact_packet(handover["packet"], view)}
    return out


# What a message may carry: who the person is, where, when, counts of work, a link. Never a
# field whose value could hold CARAT data, health, or anyone's free text.
MESSAGE_FIELDS = frozenset(
    {
        "name",
        "prison_number",
        "date_of_birth",
        "prison",
        "area",
        "region",
        "release_date",
        "days_to_release",
        "accept_by",
        "housing_status",
        "threatened_with_homelessness",
        "referral_reference",
        "referred_on",
        "reply_to",
        "team",
        "new_tasks",
        "overdue_tasks",
        "appointment_date",
        "appointment_time",
        "link",
    }
)


class NotForMessages(ValueError):
    """A message was given a field it may not carry."""


def message_fields(values: dict[str, Any]) -> dict[str, str]:
    """The personalisation of a message: only MESSAGE_FIELDS, each as text; anything else is
    refused (a programming error, never sent)."""
    refused = sorted(set(values) - MESSAGE_FIELDS)
    if refused:
        raise NotForMessages(f"a message may not carry {', '.join(refused)}")
    return {key: "" if value is None else str(value) for key, value in values.items()}
