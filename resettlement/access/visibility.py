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
shape the read models build (the case, the plan, a handover packet, a timeline entry, a task,
needs), and `visible_task_clause` is its SQL twin for lists of tasks.

A need's update notes are staff free text: CARAT free text on a need CARAT owns, a custody note
on a need another prison team owns; the CJIT always sees the notes of its own needs.

**The person** (their own page, `redact_for_person`) sees their own plan: where they sleep on
release night, their appointments, their needs (drugs and health included: they are theirs) and
whom to call. Never a staff note or summary of any team, and never CARAT's words: a treatment
appointment shows as one (when and where, for they must get there), not as CARAT described it.
A link shows no more than the member of staff who made it may see (the maker knows the date of
birth): one a CJIT worker made for a person who did not consent to share shows no drugs or
health need and no treatment appointment.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, or_, true
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
CJIT = "cjit"
# Staff free text, never shown to the person: notes, summaries, care plans of any team.
STAFF_TEXT_FIELDS = frozenset({"notes", "note", "summary", "care_plan"})
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


def matching_sees_stage(role: Role) -> bool:
    """Matching uses the person's spectrum stage (CARAT's) only for prison staff and admins;
    for anyone else it runs as if the stage were not known (matching/rules.py treats that as
    possibly in recovery), so its answer never discloses the stage."""
    return role in (Role.admin, Role.prison_staff)


def visible_task_clause(role: Role) -> ColumnElement[bool]:
    """SQL twin of `task_visible(team, view_for(role, consent of the task's case), pathway)`."""
    if role != Role.cjit_worker:
        return true()
    # Correlated to the task alone, so that it also holds in a query that joins the task's case.
    consented = (
        exists()
        .where(col(Case.id) == col(Task.case_id), col(Case.consent_share_cjit))
        .correlate_except(Case)
    )
    ordinary = or_(col(Task.pathway).is_(None), col(Task.pathway).not_in(sorted(SPECIAL_PATHWAYS)))
    return or_(and_(col(Task.team) != CARAT, ordinary), consented)


def task_visible(team: str, view: View, pathway: str | None = None) -> bool:
    """CARAT's tasks, and tasks about a drugs or health need, are drug-treatment work: seen where
    drug treatment is."""
    return (team != CARAT or view.drug_treatment) and need_visible(pathway or "", view)


def need_visible(pathway: str, view: View) -> bool:
    """Needs on the drugs_alcohol and health pathways are seen where drug treatment is."""
    return pathway not in SPECIAL_PATHWAYS or view.drug_treatment


def team_text_visible(team: str, view: View) -> bool:
    """A team's free text on a need or an allocation: CARAT free text for CARAT, a custody note
    for the prison's other teams; the CJIT's own text for the CJIT."""
    if team == CARAT:
        return view.carat_text
    return team == CJIT or view.custody_notes


def event_owner(event: dict[str, Any]) -> str | None:
    """The team whose record a timeline entry is (its data names it), else None."""
    kind = str(event.get("kind") or "")
    data = event.get("data") or {}
    if kind.startswith(f"{CARAT}_"):
        return CARAT
    owner = data.get("party") or data.get("team") or data.get("owner")
    return str(owner) if owner else None


def event_visible(event: dict[str, Any], view: View) -> bool:
    """CARAT's entries, and entries about a drugs or health need, where drug treatment is."""
    pathway = str((event.get("data") or {}).get("pathway") or "")
    return (event_owner(event) != CARAT or view.drug_treatment) and need_visible(pathway, view)


def redact_event(event: dict[str, Any], view: View) -> dict[str, Any]:
    """A timeline entry: CARAT's own entries are withheld (kept as such) where not visible."""
    if not event_visible(event, view):
        return {**event, "kind": "withheld", "data": dict(WITHHELD_EVENT)}
    data = event.get("data") or {}
    owner = event_owner(event)
    if data.get("notes") is not None and not (owner and team_text_visible(owner, view)):
        # A team's note on its own work (e.g. why a task was marked done) is its free text.
        return {**event, "data": {**data, "notes": None}}
    return event


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
    """A handover packet: its `drug_treatment` part and its open needs as the view allows (the
    rest is always shared: identity, release, area, accommodation, the other parties' plan and
    appointments)."""
    if view.everything:
        return packet
    if isinstance(packet.get("open_needs"), list):
        packet = {**packet, "open_needs": redact_needs(packet["open_needs"], view)}
    treatment = packet.get("drug_treatment")
    if not isinstance(treatment, dict):
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
    """Needs as the view allows: drugs and health ones where drug treatment is; each update's
    note where `team_text_visible` says."""
    out = []
    for need in needs:
        if not need_visible(str(need.get("pathway")), view):
            continue
        if "updates" in need and not team_text_visible(str(need.get("owner")), view):
            need = {**need, "updates": [{**u, "note": None} for u in need["updates"]]}
        out.append(need)
    return out


def redact_allocations(rows: list[dict[str, Any]], view: View) -> list[dict[str, Any]]:
    """Who holds the case: CARAT's worker is drug-treatment work (seen where it is); the reasons
    given are the team's free text."""
    out = []
    for row in rows:
        team = str(row.get("team"))
        if not task_visible(team, view):
            continue
        if not team_text_visible(team, view):
            row = {**row, "reason": None, "end_reason": None}
        out.append(row)
    return out


def _without_staff_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_staff_text(v) for k, v in value.items() if k not in STAFF_TEXT_FIELDS}
    if isinstance(value, list):
        return [_without_staff_text(v) for v in value]
    return value


def redact_for_person(plan: dict[str, Any], maker: View) -> dict[str, Any]:
    """The person's own plan (person_view/reads.py's shape): no staff text anywhere, and CARAT's
    appointments as the fact of a treatment appointment (when and where), not CARAT's words. A
    link shows no more than its `maker` may see: drugs and health needs and treatment
    appointments only where the maker's view has drug treatment."""
    out = _without_staff_text(plan)
    out["appointments"] = [
        {**a, "what": None} if a.get("party") == CARAT else a
        for a in out.get("appointments", [])
        if a.get("party") != CARAT or maker.drug_treatment
    ]
    for key in ("needs", "bring"):
        out[key] = [n for n in out.get(key, []) if need_visible(str(n.get("pathway")), maker)]
    return dict(out)


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
    out["tasks"] = [
        t for t in case.get("tasks") or [] if task_visible(str(t["team"]), view, t.get("pathway"))
    ]
    out["timeline"] = [redact_event(e, view) for e in case.get("timeline") or []]
    if case.get("needs") is not None:
        out["needs"] = redact_needs(case["needs"], view)
    for key in ("allocations", "allocation_history"):
        if case.get(key) is not None:
            out[key] = redact_allocations(case[key], view)
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
        "link_expires",
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
