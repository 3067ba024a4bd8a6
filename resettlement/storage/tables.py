"""Every table, imported in one place so the metadata (and Alembic) sees them all."""

from resettlement.storage import (
    case_regions,  # noqa: F401  (keeps each case's regions)
    task_scope,  # noqa: F401  (keeps each task's case scope)
)
from resettlement.storage.allocation_tables import Allocation
from resettlement.storage.audit_tables import AuditChainHead, AuditEntry
from resettlement.storage.case_tables import (
    Accommodation,
    Assessment,
    Case,
    Consent,
    DomainEvent,
    PrisonEvent,
    Referral,
)
from resettlement.storage.catalogue_tables import Placement, Service
from resettlement.storage.community_tables import Handover, TenancyCheck
from resettlement.storage.contact_tables import CaseContact
from resettlement.storage.need_tables import Need, NeedUpdate
from resettlement.storage.open_task_due import OpenTaskDue
from resettlement.storage.person_tables import PersonLink
from resettlement.storage.pipe_tables import InboxMessage, Notification
from resettlement.storage.plan_tables import PlanSection, PlanSignature, ReleasePlan
from resettlement.storage.reference_tables import Area, Prison, Region
from resettlement.storage.sweep_tables import HorizonPending, HorizonSweeping, SweepRecord
from resettlement.storage.task_tables import Task
from resettlement.storage.user_tables import SignInFailure, SignInSession, User

__all__ = [
    "Accommodation",
    "Allocation",
    "Area",
    "Assessment",
    "AuditChainHead",
    "AuditEntry",
    "Case",
    "CaseContact",
    "Consent",
    "DomainEvent",
    "Handover",
    "HorizonPending",
    "HorizonSweeping",
    "InboxMessage",
    "Need",
    "NeedUpdate",
    "Notification",
    "OpenTaskDue",
    "PersonLink",
    "Placement",
    "PlanSection",
    "PlanSignature",
    "Prison",
    "PrisonEvent",
    "Referral",
    "Region",
    "ReleasePlan",
    "Service",
    "SignInFailure",
    "SignInSession",
    "SweepRecord",
    "Task",
    "TenancyCheck",
    "User",
]
