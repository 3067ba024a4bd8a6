"""Request body of a tenancy check's outcome (API and the CJIT's form)."""

from __future__ import annotations

from sqlmodel import Session

from resettlement import clock
from resettlement.access.users import Principal
from resettlement.aftercare.commands import CheckResult, record_check
from resettlement.inputs import Body, Notes
from resettlement.policy import Policy
from resettlement.vocabulary import TenancyOutcome


class CheckIn(Body):
    outcome: TenancyOutcome
    notes: Notes | None = None

    def apply(
        self, session: Session, *, principal: Principal, case_id: str, check_id: str, policy: Policy
    ) -> CheckResult:
        """The check route and the CJIT check form: the same service call."""
        return record_check(
            session,
            principal=principal,
            case_id=case_id,
            check_id=check_id,
            outcome=self.outcome,
            notes=self.notes,
            now=clock.now(),
            today=clock.today(),
            policy=policy,
        )
