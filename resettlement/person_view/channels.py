"""How the person's link reaches them: printed on a slip at the gate, or texted.

`slip`: staff print the page that shows the link (or copy it); nothing is sent. `sms`: the link
goes by GOV.UK Notify to the mobile number the person consented to be texted on (contact/), as
a message of kind `person_link` in the outbox, made in the same transaction as the link. Its
URL (on RESETTLE_PUBLIC_URL when set, like the slip's), is held on the link row only until the
message is decided (notifications/compose.py `forget`), or the link is used or ends; only the
secret's hash is kept after that. No consent to texts, or no number: 422, nothing written.
"""

from __future__ import annotations

from enum import StrEnum

from sqlmodel import Session

from resettlement.errors import InvalidInput
from resettlement.notifications.causes import Cause
from resettlement.notifications.enqueue import enqueue_one
from resettlement.person_view.commands import IssuedLink
from resettlement.pipes.wake import wake_after_commit
from resettlement.storage.tables import CaseContact, PersonLink
from resettlement.vocabulary import NotificationKind


class LinkChannel(StrEnum):
    slip = "slip"
    sms = "sms"


NO_TEXTS = "the person has not agreed to texts, or has no mobile number: print the slip"


def deliver(session: Session, issued: IssuedLink, channel: LinkChannel) -> None:
    """Send the link by `channel` in the same transaction as it was made (a slip: nothing)."""
    if channel == LinkChannel.sms:
        _text(session, issued)


def _text(session: Session, issued: IssuedLink) -> None:
    contact = session.get(CaseContact, issued.case_id)
    if contact is None or not contact.sms_consent or not contact.mobile_number:
        raise InvalidInput.one("send_by", NO_TEXTS)
    link = session.get_one(PersonLink, issued.link_id)
    link.text_url = issued.url
    session.flush()
    cause = Cause(
        NotificationKind.person_link,
        issued.link_id,
        issued.case_id,
        None,
        recipient=contact.mobile_number,
    )
    enqueue_one(session, cause)
    wake_after_commit(session)  # the text goes now, not at the next pipes tick
