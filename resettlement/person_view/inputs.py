"""Request body of the person's link (API and form): how it reaches the person."""

from __future__ import annotations

from pydantic import Field
from sqlmodel import Session

from resettlement import clock
from resettlement.access.users import Principal
from resettlement.inputs import Body
from resettlement.person_view.channels import LinkChannel, deliver
from resettlement.person_view.commands import IssuedLink, issue_link
from resettlement.policy import get_policy
from resettlement.settings import get_settings


class PersonLinkIn(Body):
    send_by: LinkChannel = Field(
        default=LinkChannel.slip,
        description="slip: printed at the gate (the URL is in the answer); sms: also texted "
        "by GOV.UK Notify to the person's mobile number (only with their consent to texts)",
    )

    def apply(
        self, session: Session, *, principal: Principal, case_id: str, base_url: str
    ) -> IssuedLink:
        issued = issue_link(
            session,
            principal=principal,
            case_id=case_id,
            base_url=get_settings().public_url or base_url,
            now=clock.now(),
            policy=get_policy().person_link,
        )
        deliver(session, issued, self.send_by)
        return issued
