"""One vocabulary of labels: every code of resettlement/vocabulary.py in the words people use.

Every page shows a code through `label` (the Jinja filters `label` and `words`), so a stage, a
housing status, a spectrum stage, an outcome, a team or a role reads the same everywhere. A code
with no entry here is shown as its words (release_planning → Release planning): a new enum value
is never shown raw, and tests/web/test_labels.py names any that read badly.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

# Codes whose words are not just the code with spaces. Keyed by code; where one code means two
# things (a consent and a task both named duty_to_refer), `GROUPED` says which is meant.
LABELS: dict[str, str] = {
    # stages
    "received": "Received",
    "assessed": "Assessed",
    "case_managed": "Case managed",
    "release_planning": "Release planning",
    "plan_agreed": "Plan agreed",
    "released": "Released",
    "handed_over": "Handed over",
    "tenancy_monitoring": "Tenancy checks",
    "closed": "Closed",
    "recalled": "Recalled",
    "withdrawn": "Withdrawn",
    # housing statuses
    "settled": "Settled (own or family home, long-term tenancy)",
    "tenancy_maintained": "Tenancy kept while in custody",
    "approved_premises": "Approved premises",
    "supported_housing": "Supported housing",
    "temporary": "Temporary (hostel, CAS3, B&B)",
    "nfa": "No fixed abode",
    "rough_sleeping": "Sleeping rough",
    "unknown": "Not known",
    # spectrum of need
    "chaotic_using": "Chaotic, using",
    "chaotic_engaging": "Chaotic, engaging",
    "in_treatment": "In treatment",
    "recently_abstinent_vulnerable": "Recently abstinent, vulnerable",
    "abstinent_potentially_vulnerable": "Abstinent, potentially vulnerable",
    # teams, parties and roles
    "hacs": "HACS",
    "carat": "CARAT",
    "probation": "Probation",
    "cjit": "CJIT",
    "rom": "ROM",
    "admin": "Administrator",
    "prison_staff": "Prison resettlement team",
    "cjit_worker": "CJIT worker",
    "feed": "Prison events feed",
    # tasks
    "hacs_assessment_due": "HACS reception assessment due",
    "carat_triage_due": "CARAT triage due",
    "duty_to_refer": "Refer to the local housing authority",
    "duty_to_refer_chase": "Chase the housing referral",
    "protect_tenancy": "Protect the tenancy",
    "end_tenancy_safely": "End the tenancy safely",
    "housing_unresolved": "Housing not resolved",
    "housing_unresolved_escalation": "Housing not resolved: told the ROM",
    "release_plan_signoff": "Sign the release plan",
    "handover_acceptance_overdue": "Handover not accepted in time",
    "missed_first_appointment": "First appointment missed",
    "tenancy_check_due": "Tenancy check due",
    "tenancy_at_risk": "Tenancy at risk",
    "rehousing_needed": "Needs rehousing",
    "consent_withdrawn": "Consent withdrawn",
    "need_not_started": "Need not started",
    "open": "Open",
    "task_reopened": "Task opened again (marked done by mistake)",
    "withheld": "An entry you may not see",
    "done": "Done",
    # prison events
    "reception": "Reception",
    "release_date_set": "Release date set",
    "transfer": "Transfer",
    "release": "Release",
    "recall": "Recall",
    # tenancy checks
    "sustained": "Sustained",
    "at_risk": "At risk",
    "lost": "Lost",
    "not_contactable": "Could not be contacted",
    # handovers and their delivery
    "new": "New",
    "accepted": "Accepted",
    "pending": "Waiting to send",
    "sending": "Sending",
    "delivered": "Delivered",
    "failed": "Failed",
    "inbox_only": "In the CJIT inbox",
    "cancelled": "Cancelled",
    # CARAT triage
    "comprehensive_assessment": "Comprehensive assessment",
    "brief_intervention": "Brief intervention",
    "no_further_action": "No further action",
    # consents
    "share_cjit": "Share with the CJIT",
    "consent_share_cjit": "Consent to share with the CJIT",
    # referral outcomes
    "accepted_prevention_duty": "Accepted: prevention duty",
    "accepted_relief_duty": "Accepted: relief duty",
    "not_eligible": "Not eligible",
    "no_contact": "No contact",
    "other": "Other",
    # landlords
    "social": "Social landlord",
    "private": "Private landlord",
    "family": "Family",
    # plans
    "draft": "Draft",
    "agreed": "Agreed",
    "superseded": "Replaced by a newer version",
    # what a user did (the audit)
    "hacs_assessment": "HACS assessment",
    "carat_assessment": "CARAT assessment",
    "consent": "Consent",
    "accommodation": "Accommodation",
    "placement": "Placement",
    "plan_section": "Release plan section",
    "plan_sign": "Release plan signature",
    "tenancy_check": "Tenancy check",
    "handover": "Handover",
    "complete_task": "Complete a task",
    "post_event": "Post prison events",
    "manage_users": "Manage users",
    "contact": "Contact details",
    "need": "Need",
    "allocate": "Name a worker",
    "person_link": "The person's own link",
    "read": "Read",
    "write": "Change",
    "export": "Export",
    "refused": "Refused (out of scope)",
    "list": "Listed",
    "list_tasks": "Listed in tasks",
    "read_form": "Opened a form",
    "read_handover": "Read the handover",
    # through what
    "api": "API",
    "web": "Web pages",
    "cli": "Command line",
    "system": "The system",
    "person": "The person",
    # consent methods
    "verbal": "Verbally",
    "written": "In writing",
    "by_phone": "By phone",
    # inboxes and outboxes
    "processing": "Processing",
    "processed": "Processed",
    "ignored": "Ignored",
    "housing_escalation": "Housing escalation to the ROM",
    "handover_sent": "Handover sent to the CJIT",
    "handover_overdue": "Handover overdue",
    "team_digest": "Daily team summary",
    "appointment_reminder": "Appointment reminder",
    "email": "Email",
    "sms": "Text message",
    "sent": "Sent",
    "not_sent": "Recorded, not sent",
    "off": "Off",
    "test": "Test recipients only",
    "on": "On",
    # pathways and needs
    "attitudes_thinking_behaviour": "Attitudes, thinking and behaviour",
    "children_families_communities": "Children, families and communities",
    "drugs_alcohol": "Drugs and alcohol",
    "education_skills_work": "Education, skills and work",
    "finance_id": "Finance and ID",
    "health": "Health",
    "not_started": "Not started",
    "in_progress": "In progress",
    "met": "Met",
    "declined": "Declined",
    # the person's link
    "signed_in": "Used",
    "wrong_dates_of_birth": "Too many wrong dates of birth",
    "replaced": "Replaced by a newer link",
}

# Where one code names two things, the group's own words ({{ value | label("consent") }}).
GROUPED: dict[str, dict[str, str]] = {
    "consent": {
        "share_cjit": "Share information with the CJIT",
        "duty_to_refer": "Refer to the local housing authority",
    },
    "notification": {
        "duty_to_refer": "Referral to the council",
        "consent_withdrawn": "Consent withdrawn",
    },
    "event": {"withdrawn": "Withdrawn"},
}


def label(value: Any, group: str | None = None) -> str:
    """A code in words: release_planning → Release planning, nfa → No fixed abode."""
    if value is None or value == "":
        return "—"
    code = str(getattr(value, "value", value))
    if group and code in GROUPED.get(group, {}):
        return GROUPED[group][code]
    if code in LABELS:
        return LABELS[code]
    text = code.replace("_", " ")
    return text[:1].upper() + text[1:]


def lower_label(value: Any, group: str | None = None) -> str:
    """The label inside a sentence ("moved to release planning"); acronyms keep their case."""
    text = label(value, group)
    head = text.split(" ", 1)[0]
    return text if head.isupper() else text[:1].lower() + text[1:]


def relative_days(days: int) -> str:
    """ "today", "tomorrow", "in 5 days", "yesterday", "147 days ago"."""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    return f"in {days} days" if days > 0 else f"{-days} days ago"


def relative_to(day: date | None, today: date) -> str:
    return "" if day is None else relative_days((day - today).days)


CODE_IN_TEXT = re.compile(r"'?\b([a-z]+(?:_[a-z]+)+|hacs|carat|cjit|rom|nfa)\b'?")


def in_words(text: str) -> str:
    """A service's message (written for the API) with every code in it shown as its label:
    "only prison_staff of team hacs" → "only prison resettlement team of team HACS"."""

    def word(match: re.Match[str]) -> str:
        code = match.group(1)
        return lower_label(code) if code in LABELS or "_" in code else match.group(0)

    return CODE_IN_TEXT.sub(word, text)
